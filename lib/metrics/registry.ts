import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { version } from "@/package.json";
import { registerFleetMetrics, type FleetReading } from "./fleet";

/** Every metric Respawn counts as things happen; the fleet's gauges are read at scrape time. */
export interface RespawnMetrics {
  registry: Registry;
  pollDuration: Histogram<"host" | "manager">;
  pollErrors: Counter<"host" | "manager" | "code">;
  actions: Counter<"action" | "outcome">;
  notifications: Counter<"channel" | "outcome">;
  signInFailures: Counter<"reason">;
  /** Registers the fleet's scrape-time gauges once, reading them through `read`. */
  watchFleet(read: () => FleetReading | null): void;
}

/** Poll durations: supervisord over a unix socket answers in ms, a busy host over ssh in seconds. */
export const POLL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const MISNAMED_DEFAULTS = ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"];

/** A fresh registry with Node's default metrics, build info and Respawn's counters. */
export function createMetrics(): RespawnMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Gauges named like counters fail promtool's lint; the same numbers stay, by type, in
  // nodejs_active_handles, nodejs_active_requests and nodejs_active_resources (sum them).
  for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);
  const registers = [registry];
  let watching = false;
  new Gauge({
    name: "respawn_build_info",
    help: "Always 1; the labels say which build runs.",
    labelNames: ["version", "node"],
    registers,
  }).set({ version, node: process.version }, 1);
  return {
    registry,
    pollDuration: new Histogram({
      name: "respawn_poll_duration_seconds",
      help: "Duration of successful polls (one full list of the endpoint's processes).",
      labelNames: ["host", "manager"],
      buckets: POLL_BUCKETS,
      registers,
    }),
    pollErrors: new Counter({
      name: "respawn_poll_errors_total",
      help: "Polls that failed, by error code (UNREACHABLE, TIMEOUT, AUTH, BAD_RESPONSE, UNAVAILABLE...).",
      labelNames: ["host", "manager", "code"],
      registers,
    }),
    actions: new Counter({
      name: "respawn_actions_total",
      help: "Control actions run for users, by action and audited outcome.",
      labelNames: ["action", "outcome"],
      registers,
    }),
    notifications: new Counter({
      name: "respawn_notification_deliveries_total",
      help: "Notification deliveries by channel kind and outcome (sent, failed).",
      labelNames: ["channel", "outcome"],
      registers,
    }),
    signInFailures: new Counter({
      name: "respawn_sign_in_failures_total",
      help: "Refused sign-ins, by reason (failed: wrong name or password; locked: rate limited).",
      labelNames: ["reason"],
      registers,
    }),
    watchFleet(read) {
      if (watching) return;
      watching = true;
      registerFleetMetrics(registry, read);
    },
  };
}

// One set per server process: Next bundles instrumentation and each route separately, and all of
// them must count into the registry /metrics reads.
const slot = globalThis as typeof globalThis & { __respawnMetrics?: RespawnMetrics };

/** The process's metrics, made on first use. */
export function getMetrics(): RespawnMetrics {
  slot.__respawnMetrics ??= createMetrics();
  return slot.__respawnMetrics;
}
