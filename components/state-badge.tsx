import { STATE_LABEL, type ProcessState } from "@/lib/client/types";

const STYLE: Record<ProcessState, string> = {
  running: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-300",
  starting: "bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-300",
  stopping: "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-300",
  stopped: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300",
  crashed: "bg-orange-100 text-orange-800 dark:bg-orange-900/50 dark:text-orange-300",
  // The state operators most need to see: solid, loud, and with a mark that is not only colour.
  "gave-up":
    "bg-red-600 text-white font-semibold ring-2 ring-red-600/30 dark:bg-red-600 dark:ring-red-400/40",
  unknown:
    "border border-dashed border-zinc-400 text-zinc-500 dark:border-zinc-600 dark:text-zinc-400",
};

/** Classes of a state's colour, for chips that must match the badges. */
export function stateClasses(state: ProcessState): string {
  return STYLE[state];
}

export function StateBadge({ state, raw }: { state: ProcessState; raw?: string }) {
  return (
    <span
      data-state={state}
      title={raw ? `${STATE_LABEL[state]} (${raw})` : STATE_LABEL[state]}
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs leading-none whitespace-nowrap ${STYLE[state]}`}
    >
      {state === "gave-up" && <span aria-hidden="true">⚠</span>}
      {STATE_LABEL[state]}
    </span>
  );
}
