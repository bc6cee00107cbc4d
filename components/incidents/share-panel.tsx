"use client";

import { useState } from "react";
import { Button } from "@/components/button";
import { requestJson } from "@/lib/client/api";
import type { ShareView } from "@/lib/incidents/shares";

const EXPIRIES = [
  ["1h", "1 hour"],
  ["1d", "1 day"],
  ["7d", "7 days"],
  ["30d", "30 days"],
  ["never", "never (admin)"],
] as const;

const when = (ms: number | null) => (ms === null ? "never" : new Date(ms).toISOString().replace("T", " ").slice(0, 16) + " UTC");

/** Creates, lists and revokes the share links of an incident. The token is shown once, right after creation. */
export function SharePanel({ incidentId, isAdmin, initial }: { incidentId: number; isAdmin: boolean; initial: ShareView[] }) {
  const [shares, setShares] = useState(initial);
  const [expiry, setExpiry] = useState<string>("1d");
  const [access, setAccess] = useState<"anyone" | "signed-in">("anyone");
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/incidents/${incidentId}/shares`;

  const reload = async () => setShares((await requestJson<{ shares: ShareView[] }>(base)).shares);
  const create = async () => {
    setError(null);
    try {
      const r = await requestJson<{ path: string }>(base, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ expiry, access }),
      });
      setCreated(`${window.location.origin}${r.path}`);
      await reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const revoke = async (id: number) => {
    setError(null);
    try {
      await requestJson(`${base}/${id}`, { method: "DELETE" });
      await reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section aria-label="Share links" className="space-y-2 rounded border border-zinc-200 p-3 dark:border-zinc-800">
      <h2 className="font-semibold">Share</h2>
      <div className="flex flex-wrap items-center gap-2">
        <label>
          Expires in{" "}
          <select aria-label="Expiry" value={expiry} onChange={(e) => setExpiry(e.target.value)} className="rounded border px-1">
            {EXPIRIES.filter(([v]) => v !== "never" || isAdmin).map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Who may open it{" "}
          <select aria-label="Access" value={access} onChange={(e) => setAccess(e.target.value as typeof access)} className="rounded border px-1">
            <option value="anyone">anyone with the link</option>
            <option value="signed-in">signed-in users only</option>
          </select>
        </label>
        <Button tone="primary" onClick={() => void create()}>
          Create link
        </Button>
      </div>
      {created ? (
        <p>
          New link (shown once):{" "}
          <input aria-label="New share link" readOnly value={created} className="w-full rounded border px-1 font-mono text-xs" onFocus={(e) => e.target.select()} />
        </p>
      ) : null}
      {error ? <p role="alert" className="text-red-700 dark:text-red-400">{error}</p> : null}
      <ul className="space-y-1">
        {shares.map((s) => (
          <li key={s.id} data-share-id={s.id} className="flex flex-wrap items-center gap-2">
            <span>
              Link {s.id}: {s.access === "anyone" ? "anyone with the link" : "signed-in users"}, by {s.createdBy}, expires {when(s.expiresAt)} —{" "}
              <strong>{s.status}</strong>
            </span>
            {s.status === "active" ? (
              <Button size="sm" tone="danger" onClick={() => void revoke(s.id)}>
                Revoke
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
