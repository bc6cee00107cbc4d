"use client";

import { useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DiffView } from "./diff-view";
import { changeOf, draftFrom, type Draft } from "./draft";
import { FieldInput } from "./field-input";
import { applyPolicy, formatPolicyValue, planPolicy, type PolicyApplyView, type PolicyChange, type PolicyPlanView, type PolicyView } from "./policy-api";

interface EditorProps {
  view: PolicyView;
  initial: PolicyChange | null;
  onClose(): void;
  onApplied(result: PolicyApplyView): void;
}

/** What Apply does to running processes, said before it is pressed. */
export function applyWarning(view: PolicyView): string {
  if (view.policy.manager === "systemd") {
    return "systemd reloads its configuration (daemon-reload). The process keeps running; the new settings apply from its next start.";
  }
  const group = typeof view.policy.facts.group === "string" ? view.policy.facts.group : null;
  return group && view.policy.name.includes(":")
    ? `supervisord loads the new settings by removing and adding the group ${group}: this process and every other process of that group are stopped and started again.`
    : "supervisord loads the new settings by removing and adding this process's group: the process is stopped and started again.";
}

/** The editor: typed fields only, a preview of the exact file change, then Apply with a confirmation. */
export function PolicyEditor({ view, initial, onClose, onApplied }: EditorProps) {
  const [draft, setDraft] = useState<Draft>(() => draftFrom(initial));
  const [plan, setPlan] = useState<PolicyPlanView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [resetAndStart, setResetAndStart] = useState(Boolean(view.policy.facts.gaveUp));
  const { change, errors } = changeOf(view.fields, draft);
  const inForce = new Map(view.policy.settings.map((s) => [s.key, s.value]));

  const edit = (next: Draft) => {
    setDraft(next);
    setPlan(null);
  };
  const run = async (task: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await task();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const preview = () => run(async () => setPlan(await planPolicy(view.processId, change)));
  const apply = () => {
    setConfirming(false);
    void run(async () => onApplied(await applyPolicy(view.processId, change, resetAndStart && view.policy.manager === "systemd")));
  };

  return (
    <section aria-label="Policy editor" className="space-y-3 rounded border border-blue-300 p-3 dark:border-blue-800">
      <h3 className="font-semibold">Change the restart policy</h3>
      <div className="overflow-x-auto">
        <table className="text-sm">
          <thead className="text-left text-xs text-zinc-500">
            <tr>
              <th className="pr-3 font-normal">Setting</th>
              <th className="pr-3 font-normal">In force</th>
              <th className="pr-3 font-normal">New value</th>
              <th className="font-normal">Respawn&apos;s value</th>
            </tr>
          </thead>
          <tbody>
            {view.fields.map((f) => {
              const owned = view.policy.owned[f.key];
              const dropped = draft.drop.has(f.key);
              // A value written with a %(…)s expansion is left to the user: the editor says where and why.
              const fixed = view.policy.fixed?.[f.key];
              return (
                <tr key={f.key} data-field={f.key}>
                  <td className="pr-3 py-0.5">
                    {f.label} <span className="text-xs text-zinc-500">{f.key}</span>
                  </td>
                  <td className="pr-3 tabular-nums">{formatPolicyValue(inForce.get(f.key), f)}</td>
                  <td className="pr-3">
                    <FieldInput field={f} value={draft.values[f.key] ?? ""} disabled={dropped || Boolean(fixed)} onChange={(v) => edit({ ...draft, values: { ...draft.values, [f.key]: v } })} />
                    {fixed && <p className="max-w-md text-xs break-words text-zinc-600 dark:text-zinc-400">Read-only: {fixed}.</p>}
                    {errors[f.key] && <span className="ml-2 text-xs text-red-700 dark:text-red-400">{errors[f.key]}</span>}
                  </td>
                  <td>
                    {owned !== null && owned !== undefined && (
                      <label className="text-xs">
                        <input
                          type="checkbox"
                          checked={dropped}
                          onChange={(e) => {
                            const drop = new Set(draft.drop);
                            if (e.target.checked) drop.add(f.key);
                            else drop.delete(f.key);
                            edit({ ...draft, drop });
                          }}
                        />{" "}
                        remove {formatPolicyValue(owned, f)}
                      </label>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {view.policy.manager === "systemd" && (
        <label className="block text-sm">
          <input type="checkbox" checked={resetAndStart} onChange={(e) => setResetAndStart(e.target.checked)} /> Also reset and start the process
          once the new policy is loaded (for a process that gave up)
        </label>
      )}
      <div className="flex gap-2">
        <Button tone="primary" disabled={busy || Object.keys(errors).length > 0 || Object.keys(change).length === 0} onClick={() => void preview()}>
          Preview change
        </Button>
        <Button onClick={onClose}>Close</Button>
      </div>
      {error && <p role="alert" className="text-red-700 dark:text-red-400">{error}</p>}
      {plan && <PlanResult plan={plan} busy={busy} warning={applyWarning(view)} onApply={() => setConfirming(true)} />}
      {confirming && (
        <ConfirmDialog
          title={view.policy.applyRestarts ? `Apply and restart ${view.policy.name}?` : `Apply to ${view.policy.name}?`}
          confirmLabel="Apply"
          tone={view.policy.applyRestarts ? "danger" : "primary"}
          onConfirm={apply}
          onCancel={() => setConfirming(false)}
        >
          {applyWarning(view)}
        </ConfirmDialog>
      )}
    </section>
  );
}

function PlanResult({ plan, busy, warning, onApply }: { plan: PolicyPlanView; busy: boolean; warning: string; onApply(): void }) {
  if (!plan.changed) return <p className="text-sm text-zinc-500">Nothing would change in {plan.path}.</p>;
  return (
    <div className="space-y-2">
      <p className="text-sm">
        The change to <span className="font-mono break-all">{plan.path}</span>:
      </p>
      <DiffView diff={plan.diff} label="File change" />
      {plan.readOnlyReason ? (
        <div className="space-y-1">
          <p role="note" className="text-amber-700 dark:text-amber-400">
            Respawn cannot write this file: {plan.readOnlyReason}.
          </p>
          {plan.copyText !== null && (
            <pre aria-label="File text to copy" className="overflow-auto rounded border border-zinc-200 p-2 text-xs select-all dark:border-zinc-800">
              {plan.copyText}
            </pre>
          )}
        </div>
      ) : (
        <div className="space-y-1">
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{warning}</p>
          <Button tone="primary" disabled={busy} onClick={onApply}>
            Apply
          </Button>
        </div>
      )}
    </div>
  );
}
