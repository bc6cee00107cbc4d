"use client";

import { useState } from "react";
import { useMe } from "@/components/auth/use-me";
import { Button } from "@/components/button";
import { AdviceList } from "./advice-list";
import { PolicyEditor } from "./policy-editor";
import { PolicyHistory } from "./policy-history";
import { formatPolicyValue, usePolicy, usePolicyHistory, type PolicyApplyView, type PolicyChange, type PolicyView } from "./policy-api";

function SettingsTable({ view }: { view: PolicyView }) {
  const fields = new Map(view.fields.map((f) => [f.key, f]));
  return (
    <table aria-label="Policy in force" className="text-sm">
      <thead className="text-left text-xs text-zinc-500">
        <tr>
          <th className="pr-4 font-normal">Setting</th>
          <th className="pr-4 font-normal">In force</th>
          <th className="font-normal">Set by</th>
        </tr>
      </thead>
      <tbody>
        {view.policy.settings.map((s) => (
          <tr key={s.key} data-setting={s.key}>
            <td className="pr-4 font-mono">{s.key}</td>
            <td className="pr-4 tabular-nums">{formatPolicyValue(s.value, fields.get(s.key))}</td>
            <td className="font-mono text-xs break-all text-zinc-600 dark:text-zinc-400">
              {s.source ?? (view.policy.facts.sourcesKnown === false ? "unknown" : "default")}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The process's restart policy: values in force and their files, advice, the editor, and the change history. */
export function PolicyPanel({ processId }: { processId: string }) {
  const me = useMe();
  const { data: view, error, mutate } = usePolicy(processId);
  const history = usePolicyHistory(processId);
  const [editing, setEditing] = useState<{ initial: PolicyChange | null; key: number } | null>(null);
  const [result, setResult] = useState<PolicyApplyView | null>(null);
  const admin = me?.can.admin === true;

  const applied = (r: PolicyApplyView) => {
    setResult(r);
    if (r.ok) setEditing(null);
    void history.mutate();
    if (r.policy && view) void mutate({ ...view, policy: r.policy, advice: r.advice }, { revalidate: true });
    else void mutate();
  };
  const open = (initial: PolicyChange | null) => {
    setResult(null);
    setEditing({ initial, key: Date.now() });
  };

  return (
    <section aria-label="Restart policy" className="space-y-3 rounded border border-zinc-200 p-3 dark:border-zinc-800">
      <div className="flex items-center gap-2">
        <h2 className="font-semibold">Restart policy</h2>
        {view && admin && !editing && (
          <Button size="sm" onClick={() => open(null)}>
            Edit policy
          </Button>
        )}
      </div>
      {error && <p className="text-red-700 dark:text-red-400">Could not read the policy: {error instanceof Error ? error.message : String(error)}</p>}
      {!view && !error && <p className="text-zinc-500">Reading the policy…</p>}
      {view && (
        <>
          <AdviceList advice={view.advice} canFix={admin} onFix={open} />
          {result && (
            <p role="status" data-ok={result.ok} className={result.ok ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}>
              {result.message}
            </p>
          )}
          {editing && <PolicyEditor key={editing.key} view={view} initial={editing.initial} onClose={() => setEditing(null)} onApplied={applied} />}
          <SettingsTable view={view} />
          <p className="text-xs text-zinc-500">
            Files: <span className="font-mono break-all">{view.policy.files.join(", ") || "unknown"}</span>
            {view.policy.target && (
              <>
                {" "}
                · Respawn writes <span className="font-mono break-all">{view.policy.target}</span>
              </>
            )}
          </p>
          {view.policy.readOnlyReason && <p className="text-xs text-amber-700 dark:text-amber-400">Read-only here: {view.policy.readOnlyReason}.</p>}
          <h3 className="font-semibold">Policy changes</h3>
          {history.data && (
            <PolicyHistory processId={processId} entries={history.data.entries} canRestore={admin} restarts={view.policy.applyRestarts} onRestored={applied} />
          )}
        </>
      )}
    </section>
  );
}
