import { Button } from "@/components/button";
import type { GroupBy } from "@/lib/client/table-model";

export interface OverviewToolbarProps {
  text: string;
  onText: (text: string) => void;
  groupBy: GroupBy;
  onGroupBy: (groupBy: GroupBy) => void;
  gaveUp: number;
  /** Absent for a role that may not act: then the button is not offered at all. */
  onRestartGaveUp?: () => void;
  busy: boolean;
  shown: number;
}

export function OverviewToolbar(props: OverviewToolbarProps) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <input
        type="search"
        value={props.text}
        onChange={(e) => props.onText(e.target.value)}
        placeholder="Filter: host, name, group…  (press /)"
        aria-label="Filter processes"
        data-shortcut-filter
        className="w-72 rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
      />
      <label className="flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        Group by
        <select
          value={props.groupBy}
          onChange={(e) => props.onGroupBy(e.target.value as GroupBy)}
          className="rounded border border-zinc-300 bg-white px-1.5 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        >
          <option value="none">nothing</option>
          <option value="host">host</option>
          <option value="group">group</option>
        </select>
      </label>
      <span className="text-xs text-zinc-500 tabular-nums" aria-live="polite">
        {props.shown} shown
      </span>
      {props.onRestartGaveUp && (
        <Button
          tone="danger"
          className="ml-auto"
          disabled={props.gaveUp === 0 || props.busy}
          onClick={props.onRestartGaveUp}
        >
          Restart all that gave up ({props.gaveUp})
        </Button>
      )}
    </div>
  );
}
