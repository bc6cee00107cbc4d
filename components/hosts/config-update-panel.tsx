"use client";

import { useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ConfigChangeList, ConfigUpdateOutcome } from "@/components/hosts/config-changes";
import { Spinner } from "@/components/spinner";
import { rereadHostConfig, updateHostConfig, type HostConfigChanges } from "@/lib/client/api";
import type { ConfigChanges, ConfigUpdateResult } from "@/lib/client/types";

const namesOf = (c: ConfigChanges) => ({
  added: c.added.map((g) => g.group),
  changed: c.changed.map((g) => g.group),
  removed: c.removed.map((g) => g.group),
});
const countOf = (c: ConfigChanges) => c.added.length + c.changed.length + c.removed.length;

/** Reread (what the files would change) and update (load it) for one host, as supervisorctl does. */
export function ConfigUpdatePanel({ hostId }: { hostId: string }) {
  const [found, setFound] = useState<HostConfigChanges | null>(null);
  const [result, setResult] = useState<ConfigUpdateResult | null>(null);
  const [busy, setBusy] = useState<"reread" | "update" | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (verb: "reread" | "update") => {
    setBusy(verb);
    setError(null);
    try {
      if (verb === "reread") {
        setResult(null);
        setFound(await rereadHostConfig(hostId));
      } else if (found) {
        setResult(await updateHostConfig(hostId, namesOf(found.changes)));
        setFound(null);
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const pending = found && countOf(found.changes) > 0 ? found.changes : null;
  return (
    <section aria-label="Configuration files" className="space-y-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <Button tone="primary" disabled={busy !== null} onClick={() => void run("reread")}>
          {busy === "reread" && <Spinner label="Reading the files" />}
          Check the files (reread)
        </Button>
        {pending && (
          <Button tone="danger" disabled={busy !== null} onClick={() => setConfirming(true)}>
            {busy === "update" && <Spinner label="Update running" />}
            Apply {countOf(pending)} change{countOf(pending) === 1 ? "" : "s"} (update)
          </Button>
        )}
      </div>
      {error && <p role="alert" className="text-red-700 dark:text-red-400">{error}</p>}
      {found && <ConfigChangeList changes={found.changes} />}
      {result && <ConfigUpdateOutcome result={result} />}
      {confirming && pending && (
        <ConfirmDialog
          title={`Apply ${countOf(pending)} configuration change${countOf(pending) === 1 ? "" : "s"} on ${hostId}?`}
          confirmLabel="Apply"
          tone="danger"
          onConfirm={() => {
            setConfirming(false);
            void run("update");
          }}
          onCancel={() => setConfirming(false)}
        >
          Removed and changed groups are stopped first; their programs stop serving until added again. If the files change
          before this runs, nothing is applied.
        </ConfirmDialog>
      )}
    </section>
  );
}
