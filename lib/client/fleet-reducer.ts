import type { EndpointView, FleetEvent, FleetSnapshot, ProcessView } from "@/lib/client/types";

/** What the browser holds of the fleet: indexed for cheap deltas, plus the seq it reflects. */
export interface FleetState {
  /** -1 until the first snapshot arrived. */
  seq: number;
  processes: ReadonlyMap<string, ProcessView>;
  endpoints: ReadonlyMap<string, EndpointView>;
  /** True once the live stream delivered a snapshot: from then on it alone is the truth. */
  streamed: boolean;
}

export const EMPTY_FLEET: FleetState = {
  seq: -1,
  processes: new Map(),
  endpoints: new Map(),
  streamed: false,
};

export type FleetAction =
  /** A snapshot read by `GET /api/fleet`: applied only when newer than what the stream gave. */
  | { type: "fetched"; snapshot: FleetSnapshot }
  /** A message of the live stream. */
  | { type: "event"; event: FleetEvent };

function fromSnapshot(snapshot: FleetSnapshot, streamed: boolean): FleetState {
  return {
    streamed,
    seq: snapshot.seq,
    processes: new Map(snapshot.processes.map((p) => [p.id, p])),
    endpoints: new Map(snapshot.endpoints.map((e) => [e.key, e])),
  };
}

function applyProcesses(
  state: FleetState,
  seq: number,
  upsert: ProcessView[],
  remove: string[],
): FleetState {
  const processes = new Map(state.processes);
  for (const id of remove) processes.delete(id);
  for (const p of upsert) processes.set(p.id, p);
  return { ...state, seq, processes };
}

function applyEndpoint(state: FleetState, seq: number, endpoint: EndpointView): FleetState {
  const endpoints = new Map(state.endpoints);
  endpoints.set(endpoint.key, endpoint);
  return { ...state, seq, endpoints };
}

/**
 * Applies a snapshot or a live delta. A stream snapshot always replaces everything (it starts each
 * connection, and a restarted server counts seq from zero again). A fetched snapshot only fills the
 * first paint until the stream speaks; a delta not newer than the state is ignored, so late or
 * repeated messages never move the picture backwards.
 */
export function reduceFleet(state: FleetState, action: FleetAction): FleetState {
  if (action.type === "fetched") {
    return !state.streamed && action.snapshot.seq > state.seq
      ? fromSnapshot(action.snapshot, false)
      : state;
  }
  const event = action.event;
  if (event.type === "snapshot") return fromSnapshot(event, true);
  if (!state.streamed || event.seq <= state.seq) return state;
  if (event.type === "processes")
    return applyProcesses(state, event.seq, event.upsert, event.remove);
  return applyEndpoint(state, event.seq, event.endpoint);
}
