"use client";

import { Uptime } from "@/components/cells";
import { countWords } from "@/components/history/format";
import { formatExit } from "@/lib/client/format";
import { STATE_LABEL, type ProcessView } from "@/lib/client/types";
import { managerReason } from "@/lib/client/why";
import type { ReactNode } from "react";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 break-words">
        {children ?? <span className="text-zinc-500">—</span>}
      </dd>
    </>
  );
}

const dash = (v: string | number | null | undefined) =>
  v === null || v === undefined || v === "" ? null : String(v);

/** Every field of a process, and the backend's own details, all as plain text. */
export function ProcessFields({ process: p }: { process: ProcessView }) {
  const details = Object.entries(p.details).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <dl className="grid grid-cols-[9rem_1fr] content-start gap-x-3 gap-y-1">
        <Field label="Host">{`${p.hostName} (id ${p.hostId})`}</Field>
        <Field label="Manager">{p.manager}</Field>
        <Field label="Name">{p.name}</Field>
        <Field label="Group">{dash(p.group)}</Field>
        <Field label="State">{`${STATE_LABEL[p.state]} (${p.rawState})${p.stale ? " — last known" : ""}`}</Field>
        <Field label="PID">{dash(p.pid)}</Field>
        <Field label={p.state === "running" ? "Uptime" : "In this state"}>
          <Uptime process={p} />
        </Field>
        <Field label="Last exit">{formatExit(p)}</Field>
        <Field label="Manager's reason">{dash(managerReason(p))}</Field>
        <Field label="Restarts">
          {p.history ? `${countWords(p.history.lastHour)} in the last hour (see Restarts above)` : null}
        </Field>
        <Field label={p.manager === "systemd" ? "NRestarts (systemd)" : "Retry streak (supervisord)"}>
          {dash(p.restarts)}
        </Field>
        <Field label="Description">{dash(p.description)}</Field>
        <Field label="Logs">{p.logs.join(", ") || null}</Field>
      </dl>
      {details.length > 0 && (
        <dl
          aria-label="Details"
          className="grid grid-cols-[minmax(9rem,auto)_1fr] content-start gap-x-3 gap-y-1"
        >
          {details.map(([key, value]) => (
            <Field key={key} label={key}>
              <span className="font-mono text-xs">
                {dash(value === null ? null : String(value))}
              </span>
            </Field>
          ))}
        </dl>
      )}
    </div>
  );
}
