import { Button } from "@/components/button";
import { StateBadge } from "@/components/state-badge";
import { ACTION_LABEL } from "@/lib/client/process-actions";
import type { ControlAction, ControlResult } from "@/lib/client/types";

export interface ActionOutcome {
  action: ControlAction;
  result?: ControlResult;
  /** The call itself failed (refused, host unreachable): no result from the manager. */
  error?: string;
}

/** What an action really did, read back from the manager; stays until dismissed. */
export function ActionResultPanel({
  outcome,
  onDismiss,
}: {
  outcome: ActionOutcome;
  onDismiss: () => void;
}) {
  const { action, result, error } = outcome;
  const ok = result?.ok === true;
  const headline = result
    ? `${ACTION_LABEL[action]} ${ok ? "done" : "did not work"}`
    : `${ACTION_LABEL[action]} could not run`;
  return (
    <div
      role="status"
      data-ok={ok}
      className={`flex items-start justify-between gap-3 rounded border p-2 ${
        ok
          ? "border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950/40"
          : "border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950/40"
      }`}
    >
      <div className="min-w-0 space-y-1">
        <p className="font-medium">
          <span aria-hidden="true">{ok ? "✓ " : "✗ "}</span>
          {headline}
        </p>
        <p className="break-words">{result ? result.message : error}</p>
        {result?.process && (
          <p className="flex flex-wrap items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-300">
            Read back: <StateBadge state={result.process.state} raw={result.process.rawState} />
            <span>{result.process.rawState}</span>
            {result.process.pid !== null && <span>pid {result.process.pid}</span>}
          </p>
        )}
      </div>
      <Button size="sm" tone="quiet" onClick={onDismiss}>
        Dismiss
      </Button>
    </div>
  );
}
