import { memo } from "react";
import { LogText } from "@/components/logs/log-text";
import type { LogEntry } from "@/lib/client/log-buffer";

const PRIORITY = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"];

function formatTs(ts: number): string {
  const d = new Date(ts);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function lineTone(priority: number | null): string {
  if (priority === null || priority > 4) return "";
  if (priority <= 3) return "bg-red-50 text-red-900 dark:bg-red-950/50 dark:text-red-200";
  return "bg-amber-50 dark:bg-amber-950/30";
}

/** One log line: time and priority when known, then its text as React text spans. */
export const LogLineView = memo(function LogLineView({ entry }: { entry: LogEntry }) {
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
      {line.ts !== null && (
        <span className="shrink-0 text-zinc-500 select-none">{formatTs(line.ts)}</span>
      )}
      {line.priority !== null && (
        <span
          className={`w-14 shrink-0 select-none ${line.priority <= 3 ? "font-semibold text-red-700 dark:text-red-400" : "text-zinc-500"}`}
        >
          {PRIORITY[line.priority] ?? line.priority}
        </span>
      )}
      <LogText text={line.text} />
    </div>
  );
});
