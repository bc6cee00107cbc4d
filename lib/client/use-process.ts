"use client";

import useSWR from "swr";
import { ApiError, fetchProcess, processUrl } from "@/lib/client/api";
import type { StreamStatus } from "@/lib/client/event-stream";
import type { EndpointView, ProcessView } from "@/lib/client/types";
import { useFleet } from "@/lib/client/use-fleet";

export interface ProcessData {
  process: ProcessView | null;
  endpoint: EndpointView | null;
  live: StreamStatus;
  /** True when the stream no longer lists it (removed from its manager's configuration). */
  gone: boolean;
  notFound: boolean;
  error: Error | null;
  /** How many processes of the fleet gave up (for the page title). */
  gaveUp: number;
}

function countGaveUp(processes: Iterable<ProcessView>): number {
  let n = 0;
  for (const p of processes) if (p.state === "gave-up" && !p.stale) n += 1;
  return n;
}

/** One process, live: `GET /api/processes/:id` paints first, the fleet stream keeps it current. */
export function useProcess(id: string): ProcessData {
  const { fleet, live } = useFleet();
  const { data, error } = useSWR(processUrl(id), () => fetchProcess(id), {
    revalidateOnFocus: false,
    revalidateOnReconnect: false,
    shouldRetryOnError: (e: unknown) => !(e instanceof ApiError && e.code === "NOT_FOUND"),
  });
  const streamed = fleet.processes.get(id);
  const process = streamed ?? data?.process ?? null;
  const endpointKey = process ? `${process.hostId}/${process.manager}` : null;
  const endpoint = (endpointKey && fleet.endpoints.get(endpointKey)) || data?.endpoint || null;
  const notFound = error instanceof ApiError && error.code === "NOT_FOUND" && !streamed;
  return {
    process,
    endpoint,
    live,
    gone: fleet.streamed && !streamed && process !== null,
    notFound,
    error: !process && !notFound && error instanceof Error ? error : null,
    gaveUp: countGaveUp(fleet.processes.values()),
  };
}
