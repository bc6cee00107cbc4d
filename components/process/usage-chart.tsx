"use client";

import useSWR from "swr";
import { fetchUsageHistory, type UsageMinute } from "@/lib/client/api";
import { formatTimestamp } from "@/lib/client/format";
import { formatBytes } from "@/lib/client/usage";
import { useNow } from "@/lib/client/use-now";

const W = 600;
const H = 60;
const DAY_MS = 24 * 3_600_000;

/** SVG path of one series over the last 24 h; a gap (no sample that minute) breaks the line. */
function pathOf(points: UsageMinute[], pick: (m: UsageMinute) => number | null, now: number, max: number): string {
  let d = "";
  let prevAt = -Infinity;
  for (const m of points) {
    const v = pick(m);
    if (v === null) {
      prevAt = -Infinity;
      continue;
    }
    const x = ((m.at - (now - DAY_MS)) / DAY_MS) * W;
    const y = H - (max > 0 ? (v / max) * (H - 2) : 0) - 1;
    // A lone point starts with a zero-length stroke, which the round cap draws as a dot.
    d += m.at - prevAt > 2 * 60_000 ? `M${x.toFixed(1)},${y.toFixed(1)} l0.1,0 ` : `L${x.toFixed(1)},${y.toFixed(1)} `;
    prevAt = m.at;
  }
  return d.trim();
}

function Series({ label, points, pick, now, format }: {
  label: string;
  points: UsageMinute[];
  pick: (m: UsageMinute) => number | null;
  now: number;
  format: (v: number) => string;
}) {
  const values = points.map(pick).filter((v): v is number => v !== null);
  if (values.length === 0) return null;
  const max = Math.max(...values);
  const last = values[values.length - 1] ?? 0;
  const summary = `${label}: now ${format(last)}, peak ${format(max)} in the last 24 h`;
  return (
    <figure className="min-w-0 flex-1" data-series={label}>
      <figcaption className="text-xs text-zinc-700 dark:text-zinc-300">
        {label} <span className="tabular-nums">now {format(last)} · peak {format(max)}</span>
      </figcaption>
      <svg role="img" aria-label={summary} viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" className="h-16 w-full rounded border border-zinc-200 dark:border-zinc-800">
        <path d={pathOf(points, pick, now, max)} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" vectorEffect="non-scaling-stroke" className="text-sky-700 dark:text-sky-400" />
      </svg>
    </figure>
  );
}

/** CPU and memory of the last 24 h from the store (per-minute peaks), refreshed every minute. */
export function UsageChart({ processId }: { processId: string }) {
  const { data, error } = useSWR(["usage-history", processId], () => fetchUsageHistory(processId), { refreshInterval: 60_000 });
  const now = useNow();
  return (
    <section aria-label="Usage, last 24 h" className="space-y-1" data-usage-chart={data?.length ?? 0}>
      <h2 className="font-semibold">CPU and memory, last 24 h</h2>
      {error && <p className="text-sm text-red-700 dark:text-red-400">Could not read usage history: {error instanceof Error ? error.message : String(error)}</p>}
      {data && data.length === 0 && <p className="text-sm text-zinc-600 dark:text-zinc-400">No readings yet: they are sampled every 10 s while the process runs.</p>}
      {data && data.length > 0 && (
        <>
          <div className="flex flex-col gap-3 sm:flex-row">
            <Series label="CPU" points={data} pick={(m) => m.cpuPercent} now={now} format={(v) => `${v.toFixed(1)} %`} />
            <Series label="Memory" points={data} pick={(m) => m.memoryBytes} now={now} format={formatBytes} />
          </div>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            {formatTimestamp(now - DAY_MS)} → now · {data.length} sampled {data.length === 1 ? "minute" : "minutes"}
          </p>
        </>
      )}
    </section>
  );
}
