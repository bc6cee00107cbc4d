import { stateClasses } from "@/components/state-badge";
import { STATE_LABEL, STATE_ORDER, type ProcessState } from "@/lib/client/types";

export interface StateChipsProps {
  counts: Record<ProcessState, number>;
  selected: ReadonlySet<ProcessState>;
  onToggle: (state: ProcessState) => void;
  onClear: () => void;
  /** The flapping chip: how many flap, and whether only those are shown. */
  flapping?: { count: number; selected: boolean; onToggle: () => void };
}

/** Counts per state that double as the state filter. "gave up" is always shown, even at zero. */
export function StateChips({ counts, selected, onToggle, onClear, flapping }: StateChipsProps) {
  const total = STATE_ORDER.reduce((n, s) => n + counts[s], 0);
  const none = selected.size === 0 && !flapping?.selected;
  const shown = STATE_ORDER.filter((s) => s === "gave-up" || counts[s] > 0 || selected.has(s));
  return (
    <div role="group" aria-label="Filter by state" className="flex flex-wrap items-center gap-1.5">
      <button
        type="button"
        aria-pressed={none}
        onClick={onClear}
        className={`rounded px-2 py-0.5 text-xs ${none ? "bg-zinc-800 text-white dark:bg-zinc-200 dark:text-zinc-900" : "bg-zinc-100 dark:bg-zinc-800"}`}
      >
        all <span className="tabular-nums">{total}</span>
      </button>
      {shown.map((s) => {
        const quiet = s === "gave-up" && counts[s] === 0;
        return (
          <button
            key={s}
            type="button"
            data-state={s}
            aria-pressed={selected.has(s)}
            onClick={() => onToggle(s)}
            className={`rounded px-2 py-0.5 text-xs ${
              quiet
                ? "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400"
                : stateClasses(s)
            } ${selected.has(s) ? "outline-2 outline-offset-1 outline-zinc-900 dark:outline-zinc-100" : ""}`}
          >
            {s === "gave-up" && !quiet && <span aria-hidden="true">⚠ </span>}
            {STATE_LABEL[s]} <span className="tabular-nums">{counts[s]}</span>
          </button>
        );
      })}
      {flapping && <FlappingChip {...flapping} />}
    </div>
  );
}

/** "flapping N", always shown like "gave up", toggling a filter on the flapping processes. */
function FlappingChip({ count, selected, onToggle }: NonNullable<StateChipsProps["flapping"]>) {
  return (
    <button
      type="button"
      data-flapping-chip="true"
      aria-pressed={selected}
      onClick={onToggle}
      className={`rounded px-2 py-0.5 text-xs ${
        count
          ? "bg-fuchsia-100 text-fuchsia-800 dark:bg-fuchsia-900/50 dark:text-fuchsia-300"
          : "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400"
      } ${selected ? "outline-2 outline-offset-1 outline-zinc-900 dark:outline-zinc-100" : ""}`}
    >
      {count > 0 && <span aria-hidden="true">↻ </span>}
      flapping <span className="tabular-nums">{count}</span>
    </button>
  );
}
