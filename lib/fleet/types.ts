import type { Manager, ProcessInfo } from "@/lib/connectors/types";

/** How Respawn sees one (host, manager) endpoint right now. */
export type EndpointStatus =
  | "connecting" // never answered yet
  | "up"
  | "down" // refused, socket missing, unreachable, bad reply
  | "auth" // credentials refused: told apart from down
  | "timeout" // no answer within the deadline (hung host)
  | "circuit-open"; // too many failures: calls paused until the breaker half-opens

export interface HostError {
  code: string;
  message: string;
}

export interface EndpointView {
  /** `${hostId}/${manager}` */
  key: string;
  hostId: string;
  hostName: string;
  manager: Manager;
  /** Where it is reached, without secrets: "unix:/run/supervisor.sock", "http://10.0.0.5:9001". */
  target: string;
  status: EndpointStatus;
  error: HostError | null;
  /** Epoch ms when status last changed. */
  since: number;
  /** Epoch ms of the last successful read. */
  lastOkAt: number | null;
  version: string | null;
  /** Duration of the last successful poll in ms. */
  lastPollMs: number | null;
  /** Current poll interval in ms (adaptive) or null when event-driven only. */
  pollIntervalMs: number | null;
  /** Epoch ms of the next reconnect attempt while down / circuit open. */
  nextRetryAt: number | null;
  /** The per-host circuit breaker: open means calls fail at once until nextRetryAt. */
  breaker: "closed" | "open" | "half-open";
  processCount: number;
  /** True when its manager re-reads and loads its configuration files on demand (supervisord's reread/update). */
  configReload?: boolean;
}

/** A restart count, exact or only "at least" (supervisord without the event listener). */
export interface RestartCount {
  count: number;
  exact: boolean;
}

/** What Respawn remembers about a process beyond the manager's own view (docs/HISTORY.md). */
export interface ProcessHistory {
  lastHour: RestartCount;
  last24h: RestartCount;
  /** Since Respawn first saw the process (`since`, epoch ms). */
  sinceFirstSeen: RestartCount & { since: number | null };
  /** Restarted more than the configured threshold within the flapping window. */
  flapping: boolean;
  /** How to make the counts exact, when they are not. */
  hint: string | null;
}

/** A process as shown: its last known info, and whether that info is stale (host not answering). */
export interface ProcessView extends ProcessInfo {
  hostName: string;
  stale: boolean;
  /** Restart counts and flapping; null when history is not available (store unavailable). */
  history: ProcessHistory | null;
}

export interface FleetSnapshot {
  seq: number;
  endpoints: EndpointView[];
  processes: ProcessView[];
}

/** Messages of the live stream (SSE `data:` JSON), in seq order. */
export type FleetEvent =
  | ({ type: "snapshot" } & FleetSnapshot)
  | { type: "processes"; seq: number; upsert: ProcessView[]; remove: string[] }
  | { type: "endpoint"; seq: number; endpoint: EndpointView };
