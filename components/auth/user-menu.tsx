"use client";

import Link from "next/link";
import { useState } from "react";
import type { Me } from "@/components/auth/use-me";
import { apiFetch, apiUrl } from "@/lib/client/api";

/** Name, role, the admin link and sign-out, at the end of a page header. */
export function UserMenu({ me }: { me: Me | undefined }) {
  const [busy, setBusy] = useState(false);
  if (!me) return null;
  const signOut = async () => {
    setBusy(true);
    await apiFetch("/api/auth/logout", { method: "POST" }).catch(() => undefined);
    // A full load, not a client navigation: nothing of the signed-in state may stay in memory.
    window.location.assign(apiUrl("/login"));
  };
  return (
    <div className="ml-auto flex items-center gap-3 text-xs text-zinc-600 dark:text-zinc-400">
      <span>
        {me.user.name} <span className="text-zinc-500">({me.user.role})</span>
      </span>
      {me.can.admin && (
        <Link className="underline" href="/admin">
          Admin
        </Link>
      )}
      <Link className="underline" href="/account">
        Password
      </Link>
      <button type="button" className="underline" disabled={busy} onClick={() => void signOut()}>
        Sign out
      </button>
    </div>
  );
}
