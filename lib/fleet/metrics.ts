import { PROCESS_STATES } from "@/lib/connectors/types";
import type { EndpointStatus, FleetSnapshot } from "./types";

/** Everything /metrics reports, gathered by the route so this stays pure and testable. */
export interface MetricsInput {
  snapshot: FleetSnapshot;
  streams: { fleet: number; log: number };
  actionsInFlight: number;
  ready: boolean;
  shuttingDown: boolean;
  startedAt: number;
  rssBytes: number;
  heapUsedBytes: number;
}

const STATUSES: EndpointStatus[] = ["connecting", "up", "down", "auth", "timeout", "circuit-open"];
const BREAKER_STATES = ["closed", "open", "half-open"] as const;

type Labels = Record<string, string>;

/** One metric family: HELP and TYPE lines, then its samples. */
class Family {
  private readonly lines: string[];
  constructor(name: string, type: "gauge" | "counter", help: string) {
    this.name = name;
    this.lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  }
  readonly name: string;
  add(value: number, labels: Labels = {}): this {
    const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
    this.lines.push(`${this.name}${pairs.length ? `{${pairs.join(",")}}` : ""} ${formatValue(value)}`);
    return this;
  }
  toString(): string {
    return this.lines.join("\n");
  }
}

/** Renders the Prometheus text exposition format (version 0.0.4). */
export function renderMetrics(input: MetricsInput): string {
  return [...endpointFamilies(input.snapshot), ...processFamilies(input.snapshot), ...selfFamilies(input)]
    .map(String)
    .join("\n")
    .concat("\n");
}

function endpointFamilies(snapshot: FleetSnapshot): Family[] {
  const up = new Family("respawn_endpoint_up", "gauge", "1 when the host's manager answered its last poll, else 0.");
  const status = new Family("respawn_endpoint_status", "gauge", "The endpoint's status, one series per possible status (1 = current).");
  const poll = new Family("respawn_endpoint_last_poll_seconds", "gauge", "Duration of the last successful poll of the endpoint.");
  const breaker = new Family("respawn_endpoint_breaker_state", "gauge", "The endpoint's circuit breaker, one series per state (1 = current).");
  const count = new Family("respawn_endpoint_processes", "gauge", "Processes known on the endpoint.");
  for (const e of snapshot.endpoints) {
    const labels = { host: e.hostId, manager: e.manager };
    up.add(e.status === "up" ? 1 : 0, labels);
    for (const s of STATUSES) status.add(e.status === s ? 1 : 0, { ...labels, status: s });
    if (e.lastPollMs !== null) poll.add(e.lastPollMs / 1000, labels);
    for (const b of BREAKER_STATES) breaker.add(e.breaker === b ? 1 : 0, { ...labels, state: b });
    count.add(e.processCount, labels);
  }
  return [up, status, poll, breaker, count];
}

function processFamilies(snapshot: FleetSnapshot): Family[] {
  const byState = new Family("respawn_processes", "gauge", "Processes per host, manager and shown state.");
  const gaveUp = new Family("respawn_processes_gave_up", "gauge", "Processes the manager stopped restarting (gave up), whole fleet.");
  const restarts = new Family(
    "respawn_process_restarts",
    "gauge",
    "Restarts seen per process in a window (1h, 24h); exact=false when only a lower bound is known.",
  );
  const counts = new Map<string, number>();
  for (const p of snapshot.processes) {
    const key = `${p.hostId}\u0000${p.manager}\u0000${p.state}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const h = p.history;
    if (!h) continue;
    const labels = { host: p.hostId, manager: p.manager, process: p.name };
    restarts.add(h.lastHour.count, { ...labels, window: "1h", exact: String(h.lastHour.exact) });
    restarts.add(h.last24h.count, { ...labels, window: "24h", exact: String(h.last24h.exact) });
  }
  for (const e of snapshot.endpoints) {
    for (const state of PROCESS_STATES) {
      byState.add(counts.get(`${e.hostId}\u0000${e.manager}\u0000${state}`) ?? 0, { host: e.hostId, manager: e.manager, state });
    }
  }
  gaveUp.add(snapshot.processes.filter((p) => p.state === "gave-up").length);
  return [byState, gaveUp, restarts];
}

function selfFamilies(input: MetricsInput): Family[] {
  const streams = new Family("respawn_live_streams", "gauge", "Open live streams (SSE) by kind.");
  streams.add(input.streams.fleet, { kind: "fleet" }).add(input.streams.log, { kind: "log" });
  return [
    streams,
    new Family("respawn_actions_in_flight", "gauge", "Control actions running now.").add(input.actionsInFlight),
    new Family("respawn_ready", "gauge", "1 when /readyz answers 200.").add(input.ready ? 1 : 0),
    new Family("respawn_shutting_down", "gauge", "1 once a graceful shutdown has begun.").add(input.shuttingDown ? 1 : 0),
    new Family("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch.").add(input.startedAt / 1000),
    new Family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.").add(input.rssBytes),
    new Family("nodejs_heap_used_bytes", "gauge", "V8 heap in use, bytes.").add(input.heapUsedBytes),
  ];
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  return String(v);
}
