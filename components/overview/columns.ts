import type { SortKey } from "@/lib/client/table-model";

export interface Column {
  id: SortKey | "why" | "cpu" | "memory";
  label: string;
  sortable: boolean;
  /** Tooltip of the header, when the label alone is terse. */
  title?: string;
}

export const COLUMNS: Column[] = [
  { id: "host", label: "Host", sortable: true },
  { id: "group", label: "Group", sortable: true },
  { id: "name", label: "Name", sortable: true },
  { id: "state", label: "State", sortable: true },
  { id: "pid", label: "PID", sortable: true },
  { id: "uptime", label: "Uptime", sortable: true },
  { id: "cpu", label: "CPU", sortable: false, title: "CPU in % of one core over the last 10 s" },
  { id: "memory", label: "Memory", sortable: false, title: "Memory in use: the cgroup's (systemd) or the resident set of the process and its children (supervisord)" },
  { id: "exit", label: "Last exit", sortable: true },
  { id: "restarts1h", label: "Restarts 1 h", sortable: true, title: "Restarts in the last hour" },
  { id: "restarts24h", label: "24 h", sortable: true, title: "Restarts in the last 24 hours" },
  { id: "restartsTotal", label: "Total", sortable: true, title: "Restarts since first seen" },
  {
    id: "why",
    label: "Why",
    sortable: false,
    title: "For what gave up, crashed or flaps: the last exit and the manager's reason",
  },
  { id: "description", label: "Description", sortable: true },
];

/** One grid template shared by the header, group and process rows so the columns line up. */
export const GRID =
  "grid grid-cols-[9rem_8rem_minmax(12rem,1.5fr)_10rem_4.5rem_6.5rem_4.5rem_5.5rem_7rem_6rem_3rem_3.5rem_minmax(14rem,2fr)_minmax(8rem,1fr)] gap-x-2 px-2";

export const ROW_HEIGHT = 30;
