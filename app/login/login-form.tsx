"use client";

import { useState, type FormEvent } from "react";
import { apiFetch, apiUrl } from "@/lib/client/api";

async function postJson(url: string, body: unknown): Promise<{ ok: boolean; message: string }> {
  try {
    const res = await apiFetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (res.ok) return { ok: true, message: "" };
    const data = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    return { ok: false, message: data?.error?.message ?? `HTTP ${res.status}` };
  } catch {
    return { ok: false, message: "the dashboard does not answer" };
  }
}

/**
 * Name and password; `setupToken` turns it into the first-admin form of a setup link. It is a
 * real POST form: before the script runs (or without it) the browser posts it to the same route.
 */
export function LoginForm({ next, setupToken, flash }: { next: string; setupToken?: string; flash?: string }) {
  const [error, setError] = useState(flash ?? "");
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get("name") ?? "");
    const password = String(form.get("password") ?? "");
    setBusy(true);
    setError("");
    if (setupToken) {
      const made = await postJson("/api/auth/setup", { token: setupToken, name, password });
      if (!made.ok) {
        setBusy(false);
        return setError(made.message);
      }
    }
    const r = await postJson("/api/auth/login", { name, password });
    setBusy(false);
    if (!r.ok) return setError(r.message);
    window.location.assign(apiUrl(next));
  };
  return (
    <form
      method="post"
      action={apiUrl(setupToken ? "/api/auth/setup" : "/api/auth/login")}
      className="flex w-72 flex-col gap-3"
      onSubmit={(e) => void submit(e)}
    >
      {setupToken ? <input type="hidden" name="token" value={setupToken} /> : <input type="hidden" name="next" value={next} />}
      <label className="flex flex-col gap-1">
        User name
        <input name="name" autoComplete="username" required className="rounded border px-2 py-1 dark:bg-zinc-900" />
      </label>
      <label className="flex flex-col gap-1">
        Password{setupToken ? " (at least 12 characters)" : ""}
        <input
          name="password"
          type="password"
          autoComplete={setupToken ? "new-password" : "current-password"}
          required
          className="rounded border px-2 py-1 dark:bg-zinc-900"
        />
      </label>
      <button type="submit" disabled={busy} className="rounded bg-zinc-900 px-3 py-1.5 text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900">
        {setupToken ? "Create admin and sign in" : "Sign in"}
      </button>
      {error && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </form>
  );
}
