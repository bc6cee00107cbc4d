import { STATE_ORDER, type ProcessState, type ProcessView } from "@/lib/client/types";

export type GroupBy = "none" | "host" | "group";
export type SortKey =
  | "host"
  | "group"
  | "name"
  | "state"
  | "pid"
  | "uptime"
  | "exit"
  | "restarts1h"
  | "restarts24h"
  | "restartsTotal"
  | "description";
export interface SortSpec {
  key: SortKey;
  dir: "asc" | "desc";
}

export interface TableQuery {
  text: string;
  /** Empty means every state. */
  states: ReadonlySet<ProcessState>;
  /** Only processes marked flapping. */
  flappingOnly?: boolean;
  groupBy: GroupBy;
  sort: SortSpec;
  collapsed: ReadonlySet<string>;
}

export interface GroupRow {
  kind: "group";
  key: string;
  label: string;
  /** Host of the group when grouping by group (a supervisord group lives on one host). */
  hostName: string | null;
  hostId: string;
  /** The supervisord group, when grouping by group and the processes have one. */
  group: string | null;
  /** Ids of the group's processes that pass the filter, for group actions. */
  ids: string[];
  counts: Partial<Record<ProcessState, number>>;
  collapsed: boolean;
  /** Group actions make sense for a real group, not for "no group" or a whole host. */
  actionable: boolean;
}
export interface ProcessRow {
  kind: "process";
  key: string;
  process: ProcessView;
}
export type TableRow = GroupRow | ProcessRow;

const NO_GROUP = "(no group)";

/** Counts processes per state (before the state filter, so the chips show what there is). */
export function countStates(processes: Iterable<ProcessView>): Record<ProcessState, number> {
  const counts = Object.fromEntries(STATE_ORDER.map((s) => [s, 0])) as Record<ProcessState, number>;
  for (const p of processes) counts[p.state] += 1;
  return counts;
}

/** How many processes are flapping (stale ones included: they were when last seen). */
export function countFlapping(processes: Iterable<ProcessView>): number {
  let n = 0;
  for (const p of processes) if (p.history?.flapping) n += 1;
  return n;
}

function searchText(p: ProcessView): string {
  return [
    p.hostName,
    p.hostId,
    p.group ?? "",
    p.name,
    p.state,
    p.rawState,
    p.description,
    p.spawnError ?? "",
    p.pid ?? "",
  ]
    .join("\u0000")
    .toLowerCase();
}

/** Keeps processes matching every word of the text filter and one of the selected states. */
export function filterProcesses(
  processes: Iterable<ProcessView>,
  text: string,
  states: ReadonlySet<ProcessState>,
  flappingOnly = false,
): ProcessView[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const out: ProcessView[] = [];
  for (const p of processes) {
    if (states.size > 0 && !states.has(p.state)) continue;
    if (flappingOnly && !p.history?.flapping) continue;
    if (words.length > 0) {
      const hay = searchText(p);
      if (!words.every((w) => hay.includes(w))) continue;
    }
    out.push(p);
  }
  return out;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
const stateRank = (s: ProcessState) => STATE_ORDER.indexOf(s);

function sortValue(p: ProcessView, key: SortKey): string | number | null {
  switch (key) {
    case "host":
      return p.hostName;
    case "group":
      return p.group;
    case "name":
      return p.name;
    case "state":
      return stateRank(p.state);
    case "pid":
      return p.pid;
    // Uptime grows as the start time shrinks.
    case "uptime":
      return p.since === null ? null : -p.since;
    case "exit":
      return p.exitStatus ?? (p.exitSignal ? 1000 : null);
    case "restarts1h":
      return p.history?.lastHour.count ?? null;
    case "restarts24h":
      return p.history?.last24h.count ?? null;
    case "restartsTotal":
      return p.history?.sinceFirstSeen.count ?? null;
    case "description":
      return p.description || null;
  }
}

function compareValues(a: string | number | null, b: string | number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return collator.compare(String(a), String(b));
}

/** Sorts by the chosen column, then host and name so the order is stable across updates. */
export function sortProcesses(processes: ProcessView[], sort: SortSpec): ProcessView[] {
  const sign = sort.dir === "asc" ? 1 : -1;
  return [...processes].sort((a, b) => {
    const va = sortValue(a, sort.key);
    const vb = sortValue(b, sort.key);
    // Unknown values always go last, whatever the direction.
    const primary =
      va === null || vb === null ? compareValues(va, vb) : sign * compareValues(va, vb);
    return primary || collator.compare(a.hostName, b.hostName) || collator.compare(a.name, b.name);
  });
}

type GroupKey = Pick<GroupRow, "key" | "label" | "hostName" | "hostId" | "group" | "actionable">;

function groupKeyOf(p: ProcessView, groupBy: GroupBy): GroupKey {
  const host = { hostId: p.hostId };
  if (groupBy === "host") {
    return {
      ...host,
      key: `h:${p.hostId}`,
      label: p.hostName,
      hostName: null,
      group: null,
      actionable: false,
    };
  }
  const label = p.group ?? NO_GROUP;
  const key = `g:${p.hostId}:${label}`;
  return {
    ...host,
    key,
    label,
    hostName: p.hostName,
    group: p.group,
    actionable: p.group !== null,
  };
}

/** Builds the flat list of rows the virtualised table draws: group headers and processes. */
export function buildRows(processes: Iterable<ProcessView>, query: TableQuery): TableRow[] {
  const sorted = sortProcesses(filterProcesses(processes, query.text, query.states, query.flappingOnly), query.sort);
  if (query.groupBy === "none")
    return sorted.map((p) => ({ kind: "process", key: p.id, process: p }));
  const groups = new Map<string, { header: GroupRow; members: ProcessView[] }>();
  for (const p of sorted) {
    const g = groupKeyOf(p, query.groupBy);
    let entry = groups.get(g.key);
    if (!entry) {
      const header: GroupRow = {
        kind: "group",
        ...g,
        ids: [],
        counts: {},
        collapsed: query.collapsed.has(g.key),
      };
      entry = { header, members: [] };
      groups.set(g.key, entry);
    }
    entry.header.ids.push(p.id);
    entry.header.counts[p.state] = (entry.header.counts[p.state] ?? 0) + 1;
    entry.members.push(p);
  }
  const ordered = [...groups.values()].sort(
    (a, b) =>
      collator.compare(a.header.hostName ?? "", b.header.hostName ?? "") ||
      collator.compare(a.header.label, b.header.label),
  );
  const rows: TableRow[] = [];
  for (const { header, members } of ordered) {
    rows.push(header);
    if (!header.collapsed)
      for (const p of members) rows.push({ kind: "process", key: p.id, process: p });
  }
  return rows;
}
