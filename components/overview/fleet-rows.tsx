"use client";

import Link from "next/link";
import type { CSSProperties } from "react";
import { Button } from "@/components/button";
import { Clip, Uptime } from "@/components/cells";
import { FlappingMark, RestartCountCell } from "@/components/history/restart-count";
import { GRID } from "@/components/overview/columns";
import { ListenerMark } from "@/components/listener-mark";
import { StateBadge } from "@/components/state-badge";
import { UnitFileState } from "@/components/unit-file-state";
import { CpuCell, MemoryCell } from "@/components/overview/usage-cells";
import { formatExit } from "@/lib/client/format";
import { needsWhy, whyLine } from "@/lib/client/why";
import type { GroupRow } from "@/lib/client/table-model";
import { STATE_LABEL, STATE_ORDER, type ControlAction, type ProcessView } from "@/lib/client/types";

export function ProcessRowView({
  process: p,
  style,
  index,
}: {
  process: ProcessView;
  style: CSSProperties;
  index: number;
}) {
  return (
    <div
      role="row"
      aria-rowindex={index}
      data-process={p.id}
      data-stale={p.stale || undefined}
      data-flapping={p.history?.flapping || undefined}
      style={style}
      className={`${GRID} items-center border-b border-zinc-100 hover:bg-zinc-50 dark:border-zinc-900 dark:hover:bg-zinc-900 ${
        p.stale ? "text-zinc-500 dark:text-zinc-500" : ""
      }`}
    >
      <div role="cell" className="min-w-0">
        <Clip text={p.hostName} />
      </div>
      <div role="cell" className="min-w-0">
        <Clip text={p.group} />
      </div>
      <div role="cell" className="flex min-w-0 items-center gap-1">
        <Link
          href={`/p/${p.id}`}
          className="block truncate font-medium hover:underline"
          title={p.name}
        >
          {p.name}
        </Link>
        <ListenerMark process={p} />
      </div>
      <div role="cell" className={`flex min-w-0 items-center gap-1 ${p.stale ? "opacity-60" : ""}`}>
        <StateBadge state={p.state} raw={p.rawState} />
        {p.history?.flapping && <FlappingMark />}
        <UnitFileState process={p} />
        {p.stale && <span className="text-[10px] whitespace-nowrap uppercase">last known</span>}
      </div>
      <div role="cell" className="font-mono tabular-nums">
        {p.pid ?? <span className="text-zinc-500">—</span>}
      </div>
      <div role="cell" className="min-w-0">
        <Uptime process={p} />
      </div>
      <div role="cell" data-col="cpu">
        <CpuCell process={p} />
      </div>
      <div role="cell" data-col="memory">
        <MemoryCell process={p} />
      </div>
      <div role="cell" className="min-w-0">
        <Clip text={formatExit(p)} />
      </div>
      <div role="cell" data-col="restarts1h">
        <RestartCountCell count={p.history?.lastHour} hint={p.history?.hint ?? null} />
      </div>
      <div role="cell" data-col="restarts24h">
        <RestartCountCell count={p.history?.last24h} hint={p.history?.hint ?? null} />
      </div>
      <div role="cell" data-col="restartsTotal">
        <RestartCountCell count={p.history?.sinceFirstSeen} hint={p.history?.hint ?? null} />
      </div>
      <div role="cell" data-col="why" className="min-w-0">
        <Clip
          text={needsWhy(p) ? whyLine(p) : p.spawnError}
          className="font-medium text-red-700 dark:text-red-400"
        />
      </div>
      <div role="cell" className="min-w-0">
        <Clip text={p.description} className="text-zinc-600 dark:text-zinc-400" />
      </div>
    </div>
  );
}

const GROUP_ACTIONS: ControlAction[] = ["start", "stop", "restart"];

export interface GroupRowProps {
  row: GroupRow;
  style: CSSProperties;
  index: number;
  onToggle: (key: string) => void;
  /** Absent for a role that may not act: then no group buttons are shown. */
  onAction?: (row: GroupRow, action: ControlAction) => void;
}

export function GroupRowView({ row, style, index, onToggle, onAction }: GroupRowProps) {
  const counts = STATE_ORDER.filter((s) => row.counts[s]).map(
    (s) => `${row.counts[s]} ${STATE_LABEL[s]}`,
  );
  return (
    <div
      role="row"
      aria-rowindex={index}
      data-group={row.key}
      style={style}
      className="flex items-center gap-2 border-b border-zinc-200 bg-zinc-100 px-2 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div role="cell" className="flex min-w-0 flex-1 items-center gap-2">
        <button
          type="button"
          aria-expanded={!row.collapsed}
          onClick={() => onToggle(row.key)}
          className="flex min-w-0 items-center gap-1.5 font-semibold"
        >
          <span aria-hidden="true" className="w-3 text-zinc-500">
            {row.collapsed ? "▸" : "▾"}
          </span>
          <span className="truncate">{row.label}</span>
          {row.hostName && (
            <span className="truncate font-normal text-zinc-500">on {row.hostName}</span>
          )}
        </button>
        <span
          className={`truncate text-xs ${row.counts["gave-up"] ? "text-red-700 dark:text-red-400" : "text-zinc-500"}`}
        >
          {row.ids.length} · {counts.join(", ")}
        </span>
      </div>
      {row.actionable && onAction && (
        <div role="cell" className="flex shrink-0 gap-1">
          {GROUP_ACTIONS.map((a) => (
            <Button
              key={a}
              size="sm"
              onClick={() => onAction(row, a)}
              aria-label={`${a} group ${row.label}`}
            >
              {a}
            </Button>
          ))}
        </div>
      )}
    </div>
  );
}
