import { Button } from "@/components/button";
import { StateBadge } from "@/components/state-badge";
import { ACTION_LABEL, OUTCOME_MARK, OUTCOME_WORD } from "@/lib/client/process-actions";
import type { ControlAction, ControlOutcome, ControlResult } from "@/lib/client/types";

export interface ActionOutcome {
  action: ControlAction;
  result?: ControlResult;
  /** The call itself failed (refused, host unreachable): no result from the manager. */
  error?: string;
}

const TONE: Record<ControlOutcome, string> = {
  done: "border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950/40",
  failed: "border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950/40",
  unknown: "border-amber-300 bg-amber-50 dark:border-amber-700 dark:bg-amber-950/40",
};

/** What an action really did — done, failed or unknown — read back from the manager; stays until dismissed. */
export function ActionResultPanel({
  outcome,
  onDismiss,
}: {
  outcome: ActionOutcome;
  onDismiss: () => void;
}) {
  const { action, result, error } = outcome;
  const word: ControlOutcome = result?.outcome ?? "failed";
  const headline = result
    ? `${ACTION_LABEL[action]} ${OUTCOME_WORD[word]}`
    : `${ACTION_LABEL[action]} failed: it was not run`;
  return (
    <div
      role="status"
      data-outcome={word}
      data-ok={word === "done"}
      className={`flex items-start justify-between gap-3 rounded border p-2 ${TONE[word]}`}
    >
      <div className="min-w-0 space-y-1">
        <p className="font-medium">
          <span aria-hidden="true">{OUTCOME_MARK[word]} </span>
          {headline}
        </p>
        <p className="break-words">{result ? result.message : error}</p>
        {result?.process && (
          <p className="flex flex-wrap items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-300">
            {word === "unknown" ? "Read again just now:" : "Read back:"}{" "}
            <StateBadge state={result.process.state} raw={result.process.rawState} />
            <span>{result.process.rawState}</span>
            {result.process.pid !== null && <span>pid {result.process.pid}</span>}
          </p>
        )}
        {word === "unknown" && (
          <p className="text-xs text-zinc-600 dark:text-zinc-300">
            Nothing was retried. Check the state above before you act again.
          </p>
        )}
      </div>
      <Button size="sm" tone="quiet" onClick={onDismiss}>
        Dismiss
      </Button>
    </div>
  );
}
