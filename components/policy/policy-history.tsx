"use client";

import { useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { formatClock } from "@/lib/client/format";
import { useNow } from "@/lib/client/use-now";
import { DiffView } from "./diff-view";
import { restorePolicy, type PolicyApplyView, type PolicyHistoryView } from "./policy-api";

interface Pending {
  entry: PolicyHistoryView;
  which: "before" | "after";
}

/** Every applied change, newest first, with its diff and a one-step restore of the version before or after it. */
export function PolicyHistory({
  processId,
  entries,
  canRestore,
  restarts,
  onRestored,
}: {
  processId: string;
  entries: PolicyHistoryView[];
  canRestore: boolean;
  restarts: boolean;
  onRestored(result: PolicyApplyView): void;
}) {
  const now = useNow();
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (entries.length === 0) return <p className="text-sm text-zinc-500">No policy change was made from Respawn yet.</p>;

  const restore = async (p: Pending) => {
    setPending(null);
    setError(null);
    try {
      onRestored(await restorePolicy(processId, p.entry.id, p.which));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className="space-y-2">
      {error && <p role="alert" className="text-red-700 dark:text-red-400">{error}</p>}
      <ol aria-label="Policy history" className="space-y-2">
        {entries.map((e) => (
          <li key={e.id} data-entry={e.id} className="rounded border border-zinc-200 p-2 text-sm dark:border-zinc-800">
            <div className="flex flex-wrap items-center gap-2">
              <span className="tabular-nums">{formatClock(e.at, now)}</span>
              <span>{e.actor}</span>
              <span className="text-zinc-500">{e.kind === "restore" ? `restored (from change ${e.restoredFrom})` : "changed"}</span>
              <span className={e.ok ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}>
                {e.ok ? "applied" : e.rolledBack ? "refused, rolled back" : "failed"}
              </span>
              {canRestore && e.ok && (
                <>
                  <Button size="sm" onClick={() => setPending({ entry: e, which: "before" })}>
                    Restore the version before
                  </Button>
                  <Button size="sm" onClick={() => setPending({ entry: e, which: "after" })}>
                    Restore this version
                  </Button>
                </>
              )}
            </div>
            <p className="text-xs text-zinc-600 dark:text-zinc-400">{e.message}</p>
            <details>
              <summary className="cursor-pointer text-xs text-zinc-500">file change</summary>
              <DiffView diff={e.diff} label={`Change ${e.id}`} />
            </details>
          </li>
        ))}
      </ol>
      {pending && (
        <ConfirmDialog
          title={pending.which === "before" ? "Restore the version before this change?" : "Restore this version?"}
          confirmLabel="Restore"
          tone={restarts ? "danger" : "primary"}
          onConfirm={() => void restore(pending)}
          onCancel={() => setPending(null)}
        >
          {restarts ? "The process is stopped and started again with the restored settings." : "systemd reloads its configuration; the process keeps running."}
        </ConfirmDialog>
      )}
    </div>
  );
}
