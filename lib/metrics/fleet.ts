import { Counter, Gauge, type Registry } from "prom-client";
import { PROCESS_STATES } from "@/lib/connectors/types";
import type { EndpointStatus, FleetSnapshot } from "@/lib/fleet/types";

/** What the fleet's gauges show, read at each scrape. */
export interface FleetReading {
  snapshot: FleetSnapshot;
  streams: { fleet: number; log: number };
  actionsInFlight: number;
  ready: boolean;
  shuttingDown: boolean;
}

const STATUSES: EndpointStatus[] = ["connecting", "up", "down", "auth", "timeout", "circuit-open"];
const BREAKER_STATES = ["closed", "open", "half-open"] as const;
const EP = ["host", "manager"] as const;
const PROC = ["host", "manager", "process"] as const;

/**
 * Registers the gauges (and the restart counter) computed from the monitor's snapshot at scrape
 * time. `read` is called once per scrape; null (no runtime yet) leaves them empty.
 */
export function registerFleetMetrics(registry: Registry, read: () => FleetReading | null): void {
  let current: FleetReading | null = null;
  const registers = [registry];
  // The first family collected takes the reading; the others in the same scrape reuse it.
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], fill: (g: Gauge<L>, r: FleetReading) => void, first = false) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers,
      collect() {
        if (first) current = read();
        this.reset();
        if (current) fill(this, current);
      },
    });
  gauge("respawn_endpoint_up", "1 when the host's manager answered its last poll, else 0.", EP, (g, r) => {
    for (const e of r.snapshot.endpoints) g.set({ host: e.hostId, manager: e.manager }, e.status === "up" ? 1 : 0);
  }, true);
  gauge("respawn_endpoint_status", "The endpoint's status, one series per possible status (1 = current).", [...EP, "status"], (g, r) => {
    for (const e of r.snapshot.endpoints) for (const s of STATUSES) g.set({ host: e.hostId, manager: e.manager, status: s }, e.status === s ? 1 : 0);
  });
  gauge("respawn_endpoint_breaker_state", "The endpoint's circuit breaker, one series per state (1 = current).", [...EP, "state"], (g, r) => {
    for (const e of r.snapshot.endpoints) for (const b of BREAKER_STATES) g.set({ host: e.hostId, manager: e.manager, state: b }, e.breaker === b ? 1 : 0);
  });
  gauge("respawn_endpoint_processes", "Processes known on the endpoint.", EP, (g, r) => {
    for (const e of r.snapshot.endpoints) g.set({ host: e.hostId, manager: e.manager }, e.processCount);
  });
  gauge("respawn_processes", "Processes per host, manager and shown state.", [...EP, "state"], fillByState);
  gauge("respawn_processes_gave_up", "Processes the manager stopped restarting (gave up), whole fleet.", [], (g, r) => {
    g.set(r.snapshot.processes.filter((p) => p.state === "gave-up").length);
  });
  gauge("respawn_process_restarts_exact", "1 when respawn_process_restarts_total has seen every restart, 0 when it is a lower bound.", PROC, (g, r) => {
    for (const p of r.snapshot.processes) if (p.history) g.set({ host: p.hostId, manager: p.manager, process: p.name }, p.history.sinceFirstSeen.exact ? 1 : 0);
  });
  registerRestartCounter(registry, () => current);
  gauge("respawn_live_streams", "Open live streams (SSE) by kind.", ["kind"], (g, r) => {
    g.set({ kind: "fleet" }, r.streams.fleet);
    g.set({ kind: "log" }, r.streams.log);
  });
  gauge("respawn_actions_in_flight", "Control actions running now.", [], (g, r) => g.set(r.actionsInFlight));
  gauge("respawn_ready", "1 when /readyz answers 200.", [], (g, r) => g.set(r.ready ? 1 : 0));
  gauge("respawn_shutting_down", "1 once a graceful shutdown has begun.", [], (g, r) => g.set(r.shuttingDown ? 1 : 0));
}

function fillByState(g: Gauge<"host" | "manager" | "state">, r: FleetReading): void {
  const counts = new Map<string, number>();
  for (const p of r.snapshot.processes) {
    const key = `${p.hostId}\u0000${p.manager}\u0000${p.state}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const e of r.snapshot.endpoints) {
    for (const state of PROCESS_STATES) {
      g.set({ host: e.hostId, manager: e.manager, state }, counts.get(`${e.hostId}\u0000${e.manager}\u0000${state}`) ?? 0);
    }
  }
}

/**
 * Restarts since Respawn first saw each process, as a counter: windows are PromQL's job
 * (`increase(respawn_process_restarts_total[1h])`). The count lives in the store; the counter
 * follows it by increments, and starts over (a counter reset) if the store's count goes down.
 */
function registerRestartCounter(registry: Registry, reading: () => FleetReading | null): void {
  const exported = new Map<string, number>();
  new Counter<(typeof PROC)[number]>({
    name: "respawn_process_restarts_total",
    help: "Restarts seen per process since Respawn first saw it (a lower bound where respawn_process_restarts_exact is 0).",
    labelNames: PROC,
    registers: [registry],
    collect() {
      const r = reading();
      if (!r) return;
      const live = new Set<string>();
      for (const p of r.snapshot.processes) {
        if (!p.history) continue;
        const labels = { host: p.hostId, manager: p.manager, process: p.name };
        const key = JSON.stringify(labels);
        live.add(key);
        const total = p.history.sinceFirstSeen.count;
        const before = exported.get(key);
        if (before === undefined || total < before) {
          this.remove(labels);
          this.inc(labels, total);
        } else if (total > before) this.inc(labels, total - before);
        exported.set(key, total);
      }
      for (const key of exported.keys()) {
        if (live.has(key)) continue;
        this.remove(JSON.parse(key) as Record<(typeof PROC)[number], string>);
        exported.delete(key);
      }
    },
  });
}
