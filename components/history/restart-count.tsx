import { countLabel } from "@/components/history/format";
import type { RestartCount } from "@/lib/client/use-history";

/** A restart count in a table cell: "≥N" with the hint as tooltip when it is only a lower bound. */
export function RestartCountCell({ count, hint }: { count: RestartCount | undefined; hint: string | null }) {
  if (!count) return <span className="text-zinc-500">—</span>;
  const title = count.exact ? undefined : `at least ${count.count}${hint ? `: ${hint}` : ""}`;
  return (
    <span
      data-exact={count.exact}
      title={title}
      className={`tabular-nums ${count.exact ? "" : "text-zinc-500 dark:text-zinc-400"}`}
    >
      {countLabel(count)}
    </span>
  );
}

/** The row's flapping mark: a symbol plus a word, so it is not told by colour alone. */
export function FlappingMark() {
  return (
    <span
      data-flapping="true"
      title="flapping: restarted more often than the configured threshold in the window"
      className="rounded bg-fuchsia-100 px-1 text-[10px] font-semibold whitespace-nowrap text-fuchsia-800 uppercase dark:bg-fuchsia-900/50 dark:text-fuchsia-300"
    >
      ↻ flapping
    </span>
  );
}
