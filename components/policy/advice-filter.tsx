"use client";

import { useMemo } from "react";
import useSWR from "swr";
import { requestJson } from "@/lib/client/api";
import type { AdviceSummary } from "@/lib/policies/advice-cache";

const EMPTY: ReadonlyMap<string, AdviceSummary> = new Map();

/** Advisor findings per process id, for the overview; refreshed every minute (policies rarely change). */
export function useAdvice(): ReadonlyMap<string, AdviceSummary> {
  const { data } = useSWR(
    "/api/policies/advice",
    (url: string) => requestJson<{ advice: Record<string, AdviceSummary> }>(url),
    { refreshInterval: 60_000, revalidateOnFocus: false, shouldRetryOnError: false },
  );
  return useMemo(
    () => (data ? new Map(Object.entries(data.advice).filter(([, s]) => s.rules.length > 0)) : EMPTY),
    [data],
  );
}

/** "has advice N": toggles a filter on the processes whose restart policy the advisor flags. */
export function AdviceChip({ count, selected, onToggle }: { count: number; selected: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      data-advice-chip="true"
      aria-pressed={selected}
      onClick={onToggle}
      className={`rounded px-2 py-0.5 text-xs ${
        count ? "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200" : "bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400"
      } ${selected ? "outline-2 outline-offset-1 outline-zinc-900 dark:outline-zinc-100" : ""}`}
    >
      has advice <span className="tabular-nums">{count}</span>
    </button>
  );
}
