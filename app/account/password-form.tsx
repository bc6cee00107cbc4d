"use client";

import { useState, type FormEvent } from "react";
import { sendJson } from "@/app/admin/send-json";
import { apiUrl } from "@/lib/client/api";

/** Change one's own password; every other session of the user ends. A real POST form, also without script. */
export function PasswordForm({ flash }: { flash?: string }) {
  const [message, setMessage] = useState(flash ?? "");
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const error = await sendJson("/api/auth/password", "POST", { current: f.get("current"), next: f.get("next") });
    setMessage(error ?? "Password changed. Your other sessions have ended.");
    if (!error) form.reset();
  };
  return (
    <form method="post" action={apiUrl("/api/auth/password")} className="flex w-72 flex-col gap-2" onSubmit={(e) => void submit(e)}>
      <label className="flex flex-col gap-1">
        Current password
        <input name="current" type="password" autoComplete="current-password" required className="rounded border px-2 py-1 dark:bg-zinc-900" />
      </label>
      <label className="flex flex-col gap-1">
        New password (at least 12 characters)
        <input name="next" type="password" autoComplete="new-password" required className="rounded border px-2 py-1 dark:bg-zinc-900" />
      </label>
      <button type="submit" className="rounded bg-zinc-900 px-3 py-1.5 text-white dark:bg-zinc-100 dark:text-zinc-900">
        Change password
      </button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
