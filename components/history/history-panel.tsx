"use client";

import { countWords } from "@/components/history/format";
import { FlappingMark } from "@/components/history/restart-count";
import { HistoryTimeline } from "@/components/history/history-timeline";
import { Sparkline } from "@/components/history/sparkline";
import { formatClock } from "@/lib/client/format";
import type { ProcessView } from "@/lib/client/types";
import { historyRevision, useHistory, type RestartCount } from "@/lib/client/use-history";
import { useNow } from "@/lib/client/use-now";

function Count({ label, count }: { label: string; count: RestartCount }) {
  return (
    <div data-count={label} className="min-w-24">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className={`text-lg tabular-nums ${count.exact ? "" : "text-zinc-600 dark:text-zinc-400"}`}>
        {countWords(count)}
      </dd>
    </div>
  );
}

/** Restart counts, a 24-hour restart sparkline and the timeline of one process; refreshed as it changes. */
export function HistoryPanel({ process }: { process: ProcessView }) {
  const now = useNow();
  const h = useHistory(process.id, historyRevision(process));
  const total = h.series.reduce((n, v) => n + v, 0);
  return (
    <section aria-label="History" className="space-y-3 rounded border border-zinc-200 p-3 dark:border-zinc-800">
      <div className="flex items-center gap-2">
        <h2 className="font-semibold">Restarts</h2>
        {(h.flapping || process.history?.flapping) && <FlappingMark />}
      </div>
      {h.error && <p className="text-red-700 dark:text-red-400">Could not read the history: {h.error.message}</p>}
      {h.loading && !h.stats && <p className="text-zinc-500">Loading the history…</p>}
      {h.stats && (
        <div className="flex flex-wrap items-end gap-6">
          <dl className="flex flex-wrap gap-6">
            <Count label="last hour" count={h.stats.lastHour} />
            <Count label="last 24 h" count={h.stats.last24h} />
            <Count label="since first seen" count={h.stats.sinceFirstSeen} />
          </dl>
          <figure className="space-y-0.5">
            <Sparkline values={h.series} label={`${total} restarts in the last 24 hours, per hour`} />
            <figcaption className="text-[10px] text-zinc-500">last 24 h, per hour</figcaption>
          </figure>
        </div>
      )}
      {h.stats?.sinceFirstSeen.since != null && (
        <p className="text-xs text-zinc-500">first seen {formatClock(h.stats.sinceFirstSeen.since, now)}</p>
      )}
      {h.stats?.hint && <p className="text-xs text-amber-700 dark:text-amber-400">{h.stats.hint}</p>}
      <h2 className="font-semibold">Timeline</h2>
      <HistoryTimeline
        items={h.items}
        now={now}
        hasOlder={h.hasOlder}
        loadingOlder={h.loadingOlder}
        onOlder={h.loadOlder}
      />
    </section>
  );
}
