"use client";

import { Button } from "@/components/button";
import { causeText, exitText } from "@/components/history/format";
import { formatClock } from "@/lib/client/format";
import { STATE_LABEL } from "@/lib/client/types";
import type { StoredTransition } from "@/lib/client/use-history";

export interface HistoryTimelineProps {
  items: readonly StoredTransition[];
  now: number;
  hasOlder: boolean;
  loadingOlder: boolean;
  onOlder: () => void;
}

const CAUSE_STYLE: Record<StoredTransition["cause"], string> = {
  crash: "text-orange-700 dark:text-orange-400 font-medium",
  "manager-restart": "text-zinc-600 dark:text-zinc-400",
  action: "text-blue-700 dark:text-blue-400",
  start: "text-zinc-600 dark:text-zinc-400",
  stop: "text-zinc-600 dark:text-zinc-400",
  unknown: "text-zinc-500",
};

/** States that end a run: only these carry the exit status or signal of that run. */
const ENDED = new Set(["crashed", "stopped", "gave-up", "unknown"]);

// Stored states are plain strings: one written by an older version may not be a state of today.
const label = (s: string) => (STATE_LABEL as Record<string, string | undefined>)[s] ?? s;

function TimelineRow({ t, now }: { t: StoredTransition; now: number }) {
  const exit = ENDED.has(t.toState) ? exitText(t) : null;
  return (
    <li data-transition={t.id} data-cause={t.cause} className="grid grid-cols-[7rem_1fr] gap-x-3 py-1">
      <time dateTime={new Date(t.at).toISOString()} title={new Date(t.at).toISOString()} className="font-mono text-xs tabular-nums text-zinc-500">
        {formatClock(t.at, now, true)}
      </time>
      <div className="flex min-w-0 flex-wrap items-baseline gap-x-2">
        <span className="break-all">
          {/* BACKOFF after STARTING is "starting" both times: the manager's word tells them apart. */}
          {t.fromState !== t.toState && <>{t.fromState ? label(t.fromState) : "?"} → </>}
          <span className="font-medium">{label(t.toState)}</span>
          <span className="text-xs text-zinc-500"> ({t.rawState})</span>
        </span>
        {exit && <span className="text-xs">{exit}</span>}
        {t.pid !== null && <span className="font-mono text-xs text-zinc-500">pid {t.pid}</span>}
        <span className={`text-xs ${CAUSE_STYLE[t.cause]}`}>{causeText(t)}</span>
        <span className="text-[10px] text-zinc-500 uppercase">via {t.source}</span>
      </div>
    </li>
  );
}

/** Every state change of a process, newest first, with an "older" button while more exist. */
export function HistoryTimeline({ items, now, hasOlder, loadingOlder, onOlder }: HistoryTimelineProps) {
  return (
    <div>
      {items.length === 0 ? (
        <p className="text-sm text-zinc-500">No state change recorded yet.</p>
      ) : (
        <ol aria-label="Timeline" className="divide-y divide-zinc-100 text-sm dark:divide-zinc-900">
          {items.map((t) => (
            <TimelineRow key={t.id} t={t} now={now} />
          ))}
        </ol>
      )}
      {hasOlder && (
        <Button size="sm" className="mt-2" disabled={loadingOlder} onClick={onOlder}>
          {loadingOlder ? "Loading…" : "Older"}
        </Button>
      )}
    </div>
  );
}
