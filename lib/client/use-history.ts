"use client";

import { useEffect, useRef } from "react";
import useSWRInfinite from "swr/infinite";
import { processUrl, requestJson } from "@/lib/client/api";
import type { ProcessView } from "@/lib/client/types";

export type { RestartCount, RestartStats } from "@/lib/history/restart-stats";
export type { StoredTransition, TransitionCause } from "@/lib/store/transitions";
import type { RestartStats } from "@/lib/history/restart-stats";
import type { StoredTransition } from "@/lib/store/transitions";

/** What `GET /api/processes/:id/history` answers. */
export interface HistoryAnswer {
  stats: RestartStats;
  /** Restarts per hour over the last 24 hours, oldest first. */
  series: number[];
  flapping: boolean;
  timeline: { items: StoredTransition[]; nextCursor: string | null };
}

export interface HistoryData {
  stats: RestartStats | null;
  series: number[];
  flapping: boolean;
  /** Every state change loaded so far, newest first. */
  items: StoredTransition[];
  hasOlder: boolean;
  loadingOlder: boolean;
  loadOlder: () => void;
  error: Error | null;
  loading: boolean;
}

/** The URL of one page of a process's history; `before` is the cursor of the previous page. */
export function historyUrl(id: string, before?: string | null, limit = 50): string {
  const params = new URLSearchParams({ limit: String(limit) });
  if (before) params.set("before", before);
  return `${processUrl(id)}/history?${params.toString()}`;
}

/** Changes whenever the live stream shows something that adds to the history. */
export function historyRevision(p: ProcessView | null): string {
  if (!p) return "";
  return [p.state, p.pid ?? "", p.since ?? "", p.history?.sinceFirstSeen.count ?? ""].join("|");
}

/**
 * A process's restart counts, sparkline and timeline, paged with "older". Pages are chained by
 * cursor, so a refresh (when `revision` changes) re-reads them all without gaps or doubles.
 */
export function useHistory(id: string, revision: string, pageSize = 50): HistoryData {
  const { data, error, size, setSize, mutate, isLoading, isValidating } = useSWRInfinite<HistoryAnswer>(
    (index, previous: HistoryAnswer | null) => {
      if (index === 0) return historyUrl(id, null, pageSize);
      const cursor = previous?.timeline.nextCursor;
      return cursor ? historyUrl(id, cursor, pageSize) : null;
    },
    (url: string) => requestJson<HistoryAnswer>(url),
    { revalidateOnFocus: false, revalidateFirstPage: false, persistSize: true },
  );
  const seen = useRef(revision);
  useEffect(() => {
    if (seen.current === revision) return;
    seen.current = revision;
    void mutate();
  }, [revision, mutate]);

  const first = data?.[0];
  const last = data?.at(-1);
  const items = dedupe((data ?? []).flatMap((page) => page.timeline.items));
  return {
    stats: first?.stats ?? null,
    series: first?.series ?? [],
    flapping: first?.flapping ?? false,
    items,
    hasOlder: Boolean(last?.timeline.nextCursor),
    loadingOlder: isValidating && (data?.length ?? 0) < size,
    loadOlder: () => void setSize(size + 1),
    error: error instanceof Error ? error : null,
    loading: isLoading,
  };
}

function dedupe(items: StoredTransition[]): StoredTransition[] {
  const ids = new Set<number>();
  return items.filter((t) => (ids.has(t.id) ? false : (ids.add(t.id), true)));
}
