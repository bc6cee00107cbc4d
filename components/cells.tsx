"use client";

import { formatClock, formatUptime } from "@/lib/client/format";
import type { ProcessView } from "@/lib/client/types";
import { useNow } from "@/lib/client/use-now";

/** Running: a ticking uptime. Otherwise how long it has been in its state, muted, in the same clock format. */
export function Uptime({ process }: { process: Pick<ProcessView, "since" | "state"> }) {
  const now = useNow();
  if (process.since === null) return <span className="text-zinc-500">—</span>;
  const title = `in this state since ${formatClock(process.since, now)}`;
  if (process.state === "running") {
    return (
      <span className="font-mono tabular-nums" title={title}>
        {formatUptime(now - process.since)}
      </span>
    );
  }
  return (
    <span className="text-zinc-600 italic dark:text-zinc-400" title={title}>
      for {formatUptime(now - process.since)}
    </span>
  );
}

/** Text that may be long or hostile: one line, cut with an ellipsis, whole in the tooltip. */
export function Clip({ text, className = "" }: { text: string | null; className?: string }) {
  if (!text) return <span className="text-zinc-500">—</span>;
  return (
    <span className={`block truncate ${className}`} title={text}>
      {text}
    </span>
  );
}
