import { Button } from "@/components/button";
import { Spinner } from "@/components/spinner";
import type { BatchRun } from "@/lib/client/use-batch-action";

/** The result of a group action: one line per process, kept until dismissed. */
export function BatchResults({ run, onDismiss }: { run: BatchRun; onDismiss: () => void }) {
  const failed = run.outcomes.filter((o) => !o.ok).length;
  return (
    <section
      aria-label="Action results"
      className="rounded border border-zinc-200 bg-zinc-50 p-2 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-center justify-between gap-2">
        <h2 className="font-medium break-words" role="status">
          {run.running && <Spinner label="running" />} {run.title}
          {!run.running && run.outcomes.length > 0 && (
            <span
              className={`ml-2 text-xs ${failed ? "text-red-700 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}`}
            >
              {failed
                ? `${failed} of ${run.outcomes.length} failed`
                : `all ${run.outcomes.length} ok`}
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
            <li key={o.id} data-ok={o.ok} className="flex gap-2">
              <span
                aria-label={o.ok ? "ok" : "failed"}
                className={o.ok ? "text-emerald-600" : "text-red-600"}
              >
                {o.ok ? "✓" : "✗"}
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
