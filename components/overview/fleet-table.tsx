"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import { COLUMNS, GRID, ROW_HEIGHT, type Column } from "@/components/overview/columns";
import { GroupRowView, ProcessRowView } from "@/components/overview/fleet-rows";
import type { GroupRow, SortSpec, TableRow } from "@/lib/client/table-model";
import type { ControlAction } from "@/lib/client/types";

export interface FleetTableProps {
  rows: TableRow[];
  sort: SortSpec;
  onSort: (sort: SortSpec) => void;
  onToggleGroup: (key: string) => void;
  onGroupAction?: (row: GroupRow, action: ControlAction) => void;
}

function HeaderCell({
  column,
  sort,
  onSort,
}: {
  column: Column;
  sort: SortSpec;
  onSort: (s: SortSpec) => void;
}) {
  const active = sort.key === column.id;
  const ariaSort = active ? (sort.dir === "asc" ? "ascending" : "descending") : "none";
  if (!column.sortable) {
    return <div role="columnheader">{column.label}</div>;
  }
  const key = column.id as SortSpec["key"];
  return (
    <div role="columnheader" aria-sort={ariaSort}>
      <button
        type="button"
        title={column.title}
        className="flex items-center gap-1 hover:text-zinc-900 dark:hover:text-zinc-100"
        onClick={() => onSort({ key, dir: active && sort.dir === "asc" ? "desc" : "asc" })}
      >
        {column.label}
        <span aria-hidden="true" className={active ? "" : "invisible"}>
          {sort.dir === "asc" ? "▲" : "▼"}
        </span>
      </button>
    </div>
  );
}

/** Every process of the fleet in one virtualised table: only the rows in view are drawn. */
export function FleetTable({ rows, sort, onSort, onToggleGroup, onGroupAction }: FleetTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  // The virtualiser returns fresh functions each render by design; it is not memoised.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
    getItemKey: (i) => rows[i]?.key ?? i,
  });

  return (
    <div
      ref={scroller}
      role="table"
      aria-label="Processes"
      aria-rowcount={rows.length + 1}
      className="min-h-0 overflow-auto rounded border border-zinc-200 dark:border-zinc-800"
    >
      <div className="min-w-[1150px]">
        <div role="rowgroup" className="sticky top-0 z-10">
          <div
            role="row"
            aria-rowindex={1}
            className={`${GRID} items-center border-b border-zinc-200 bg-white py-1.5 text-xs font-medium text-zinc-500 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-400`}
          >
            {COLUMNS.map((c) => (
              <HeaderCell key={c.id} column={c} sort={sort} onSort={onSort} />
            ))}
          </div>
        </div>
        <div role="rowgroup" className="relative" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const style = {
              position: "absolute",
              top: 0,
              left: 0,
              right: 0,
              height: ROW_HEIGHT,
              transform: `translateY(${item.start}px)`,
            } as const;
            const index = item.index + 2;
            return row.kind === "group" ? (
              <GroupRowView
                key={row.key}
                row={row}
                style={style}
                index={index}
                onToggle={onToggleGroup}
                onAction={onGroupAction}
              />
            ) : (
              <ProcessRowView key={row.key} process={row.process} style={style} index={index} />
            );
          })}
        </div>
        {rows.length === 0 && <p className="p-4 text-center text-zinc-500">No process matches.</p>}
      </div>
    </div>
  );
}
