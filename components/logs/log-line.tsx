import { memo } from "react";
import { LogText } from "@/components/logs/log-text";
import type { LogEntry } from "@/lib/client/log-buffer";

const PRIORITY = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"];

// UTC like every time Respawn shows; the date is in the tooltip.
function formatTs(ts: number): string {
  return new Date(ts).toISOString().slice(11, 23);
}

function lineTone(priority: number | null): string {
  if (priority === null || priority > 4) return "";
  if (priority <= 3) return "bg-red-50 text-red-900 dark:bg-red-950/50 dark:text-red-200";
  return "bg-amber-50 dark:bg-amber-950/30";
}

/** One log line: time and priority when known, then its text as React text spans, matches marked. */
export const LogLineView = memo(function LogLineView({
  entry,
  query = "",
  wrap = false,
}: {
  entry: LogEntry;
  query?: string;
  wrap?: boolean;
}) {
  if (entry.kind === "marker") {
    return (
      <div data-marker className="px-2 text-center text-xs text-zinc-500 italic">
        — {entry.text} —
      </div>
    );
  }
  const { line } = entry;
  return (
    <div
      data-priority={line.priority ?? undefined}
      className={`flex gap-2 px-2 ${lineTone(line.priority)}`}
    >
      {line.ts !== null ? (
        <span
          className="shrink-0 text-zinc-500 select-none"
          title={new Date(line.ts).toISOString()}
        >
          {formatTs(line.ts)}
        </span>
      ) : (
        entry.receivedAt != null && (
          <span
            data-received
            className="shrink-0 text-zinc-500 italic select-none"
            title={`received by Respawn at ${new Date(entry.receivedAt).toISOString()} (this log has no times of its own)`}
          >
            {formatTs(entry.receivedAt)}
          </span>
        )
      )}
      {line.priority !== null && (
        <span
          className={`w-14 shrink-0 select-none ${line.priority <= 3 ? "font-semibold text-red-700 dark:text-red-400" : "text-zinc-500"}`}
        >
          {PRIORITY[line.priority] ?? line.priority}
        </span>
      )}
      <LogText text={line.text} query={query} wrap={wrap} />
    </div>
  );
});
