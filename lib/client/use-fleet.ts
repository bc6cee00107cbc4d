"use client";

import { useEffect, useReducer, useState } from "react";
import useSWR from "swr";
import { fetchFleet } from "@/lib/client/api";
import { openEventStream, type StreamStatus } from "@/lib/client/event-stream";
import { EMPTY_FLEET, reduceFleet, type FleetState } from "@/lib/client/fleet-reducer";
import type { FleetEvent } from "@/lib/client/types";

const FLEET_EVENTS = ["snapshot", "processes", "endpoint"] as const;

/** Reads a live-stream message, accepting the type from the data or from the SSE event name. */
export function toFleetEvent(name: string, data: unknown): FleetEvent | null {
  if (typeof data !== "object" || data === null) return null;
  const record = data as Record<string, unknown>;
  const type = typeof record.type === "string" ? record.type : name;
  if (typeof record.seq !== "number") return null;
  if (type === "snapshot" && Array.isArray(record.processes) && Array.isArray(record.endpoints)) {
    return { ...(record as object), type } as FleetEvent;
  }
  if (type === "processes" && Array.isArray(record.upsert)) {
    return {
      type,
      seq: record.seq,
      upsert: record.upsert,
      remove: Array.isArray(record.remove) ? record.remove : [],
    } as FleetEvent;
  }
  if (type === "endpoint" && typeof record.endpoint === "object" && record.endpoint !== null) {
    return { type, seq: record.seq, endpoint: record.endpoint } as FleetEvent;
  }
  return null;
}

export interface FleetData {
  fleet: FleetState;
  live: StreamStatus;
  /** The first read failed and nothing is known yet (the stream may still bring it). */
  error: Error | null;
}

/**
 * The whole fleet, live: `GET /api/fleet` paints first, then the `/api/events` stream keeps it
 * current. Call it once per page; every tab shares the server's one monitor.
 */
export function useFleet(): FleetData {
  const [fleet, dispatch] = useReducer(reduceFleet, EMPTY_FLEET);
  const [live, setLive] = useState<StreamStatus>("connecting");
  const { data, error } = useSWR("/api/fleet", fetchFleet, {
    revalidateOnFocus: false,
    revalidateOnReconnect: false,
    revalidateIfStale: false,
  });

  useEffect(() => {
    if (data) dispatch({ type: "fetched", snapshot: data });
  }, [data]);

  useEffect(
    () =>
      openEventStream({
        url: () => "/api/events",
        events: FLEET_EVENTS,
        onStatus: setLive,
        onMessage: (name, payload) => {
          const event = toFleetEvent(name, payload);
          if (event) dispatch({ type: "event", event });
        },
      }),
    [],
  );

  return { fleet, live, error: fleet.seq < 0 && error instanceof Error ? error : null };
}
