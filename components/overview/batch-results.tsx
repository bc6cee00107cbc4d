import { Button } from "@/components/button";
import { Spinner } from "@/components/spinner";
import { OUTCOME_MARK } from "@/lib/client/process-actions";
import type { ControlOutcome } from "@/lib/client/types";
import type { BatchOutcome, BatchRun } from "@/lib/client/use-batch-action";

const COLOUR: Record<ControlOutcome, string> = {
  done: "text-emerald-600",
  failed: "text-red-600",
  unknown: "text-amber-600",
};

/** "2 done, 1 failed, 1 unknown of 4": every word counted, none hidden in another. */
export function summarize(outcomes: readonly BatchOutcome[]): string {
  const count = (o: ControlOutcome) => outcomes.filter((x) => x.outcome === o).length;
  const done = count("done");
  if (done === outcomes.length) return `all ${done} done`;
  const parts = (["done", "failed", "unknown"] as const).map((o) => [o, count(o)] as const).filter(([, n]) => n > 0);
  return `${parts.map(([o, n]) => `${n} ${o}`).join(", ")} of ${outcomes.length}`;
}

/** The result of a group action: one line per process, kept until dismissed. */
export function BatchResults({ run, onDismiss }: { run: BatchRun; onDismiss: () => void }) {
  const allDone = run.outcomes.every((o) => o.outcome === "done");
  return (
    <section
      aria-label="Action results"
      className="rounded border border-zinc-200 bg-zinc-50 p-2 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-center justify-between gap-2">
        <h2 className="font-medium break-words" role="status">
          {run.running && <Spinner label="running" />} {run.title}
          {run.running && (
            <span className="ml-2 text-xs text-zinc-500">waiting for each to stay up or fail…</span>
          )}
          {!run.running && run.outcomes.length > 0 && (
            <span
              className={`ml-2 text-xs ${allDone ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}
            >
              {summarize(run.outcomes)}
            </span>
          )}
        </h2>
        {!run.running && (
          <Button size="sm" tone="quiet" onClick={onDismiss}>
            Dismiss
          </Button>
        )}
      </div>
      {run.error && <p className="mt-1 text-red-700 dark:text-red-400">{run.error}</p>}
      {run.outcomes.length > 0 && (
        <ul className="mt-1 max-h-40 space-y-0.5 overflow-y-auto font-mono text-xs">
          {run.outcomes.map((o) => (
            <li key={o.id} data-outcome={o.outcome} className="flex gap-2">
              <span aria-label={o.outcome} className={COLOUR[o.outcome]}>
                {OUTCOME_MARK[o.outcome]}
              </span>
              <span className="shrink-0 text-zinc-500">{o.hostName}</span>
              <span className="shrink-0 font-semibold">{o.name}</span>
              <span className="break-all">{o.message}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
