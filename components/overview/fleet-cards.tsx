"use client";

import Link from "next/link";
import { Uptime } from "@/components/cells";
import { FlappingMark } from "@/components/history/restart-count";
import { ListenerMark } from "@/components/listener-mark";
import { StateBadge } from "@/components/state-badge";
import { UsageLine } from "@/components/overview/usage-cells";
import type { TableRow } from "@/lib/client/table-model";
import type { ProcessView } from "@/lib/client/types";
import { needsWhy, whyLine } from "@/lib/client/why";

// A phone shows the worst first; past this many, filtering is quicker than scrolling.
const CARD_LIMIT = 200;

function ProcessCard({ process: p }: { process: ProcessView }) {
  const why = needsWhy(p) ? whyLine(p) : null;
  const loud = p.state === "gave-up";
  return (
    <li
      data-process={p.id}
      className={`rounded border px-3 py-2 ${
        loud
          ? "border-red-400 bg-red-50 dark:border-red-800 dark:bg-red-950/40"
          : "border-zinc-200 dark:border-zinc-800"
      } ${p.stale ? "opacity-70" : ""}`}
    >
      <div className="flex items-center justify-between gap-2">
        <Link href={`/p/${p.id}`} className="min-w-0 truncate py-1 font-medium underline-offset-2 hover:underline">
          {p.name}
        </Link>
        <span className="flex shrink-0 items-center gap-1">
          <ListenerMark process={p} />
          {p.history?.flapping && <FlappingMark />}
          <StateBadge state={p.state} raw={p.rawState} />
        </span>
      </div>
      <div className="flex items-center justify-between gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        <span className="min-w-0 truncate">
          {p.hostName}
          <UsageLine process={p} />
        </span>
        <span className="shrink-0">
          {p.stale ? "last known" : <Uptime process={p} />}
        </span>
      </div>
      {why && (
        <p data-why className="mt-1 text-xs font-medium break-words text-red-800 dark:text-red-300">
          {why}
        </p>
      )}
    </li>
  );
}

/** The overview on a phone: one card per process (name, host, state, why), in the table's order. */
export function FleetCards({ rows }: { rows: TableRow[] }) {
  const processes = rows.flatMap((r) => (r.kind === "process" ? [r.process] : []));
  const shown = processes.slice(0, CARD_LIMIT);
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <ul aria-label="Processes" className="space-y-2">
        {shown.map((p) => (
          <ProcessCard key={p.id} process={p} />
        ))}
      </ul>
      {processes.length === 0 && <p className="p-4 text-center text-zinc-500">No process matches.</p>}
      {processes.length > shown.length && (
        <p className="p-3 text-center text-xs text-zinc-600 dark:text-zinc-400">
          {processes.length - shown.length} more: type in the filter to narrow the list.
        </p>
      )}
    </div>
  );
}
