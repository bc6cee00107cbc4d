import { execFileSync } from "node:child_process";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { EndpointView, ProcessHistory, ProcessView } from "@/lib/fleet/types";
import { registerFleetMetrics, type FleetReading } from "./fleet";
import { createMetrics } from "./registry";

function endpoint(over: Partial<EndpointView>): EndpointView {
  return {
    key: "web/supervisord", hostId: "web", hostName: "web", manager: "supervisord", target: "unix:/x",
    status: "up", error: null, since: 0, lastOkAt: 0, version: null, lastPollMs: 12, pollIntervalMs: 1000,
    nextRetryAt: null, breaker: "closed", processCount: 2, ...over,
  };
}

function history(total: number, exact: boolean): ProcessHistory {
  const c = { count: total, exact };
  return { lastHour: c, last24h: c, sinceFirstSeen: { ...c, since: 0 }, flapping: false, hint: null };
}

function proc(name: string, state: ProcessView["state"], hostId = "web", h: ProcessHistory | null = null): ProcessView {
  return {
    id: `${hostId}:${name}`, hostId, manager: "supervisord", name, group: null, state, rawState: state,
    description: "", pid: null, startedAt: null, stoppedAt: null, exitStatus: null, uptimeMs: null,
    restartTry: null, details: {}, hostName: hostId, stale: false, history: h,
  } as unknown as ProcessView;
}

function reading(processes: ProcessView[]): FleetReading {
  return {
    snapshot: {
      seq: 1,
      endpoints: [endpoint({}), endpoint({ key: "db/supervisord", hostId: "db", status: "timeout", breaker: "open", lastPollMs: null })],
      processes,
    },
    streams: { fleet: 3, log: 1 },
    actionsInFlight: 0,
    ready: true,
    shuttingDown: false,
  };
}

/** promtool's own lint of the exposition text (Debian's prometheus package). */
function promtoolCheck(text: string): string {
  return execFileSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
}

describe("fleet metrics", () => {
  it("reports endpoints and processes per state as one-hot and zero-filled series", async () => {
    const registry = new Registry();
    registerFleetMetrics(registry, () => reading([proc("api", "running"), proc("worker", "gave-up"), proc("pg", "unknown", "db")]));
    const text = await registry.metrics();
    expect(text).toContain('respawn_endpoint_up{host="db",manager="supervisord"} 0');
    expect(text).toContain('respawn_endpoint_status{host="db",manager="supervisord",status="timeout"} 1');
    expect(text).toContain('respawn_endpoint_status{host="db",manager="supervisord",status="up"} 0');
    expect(text).toContain('respawn_endpoint_breaker_state{host="db",manager="supervisord",state="open"} 1');
    expect(text).toContain('respawn_processes{host="web",manager="supervisord",state="crashed"} 0');
    expect(text).toContain('respawn_processes{host="db",manager="supervisord",state="unknown"} 1');
    expect(text).toMatch(/^respawn_processes_gave_up 1$/m);
    expect(text).toContain('respawn_live_streams{kind="fleet"} 3');
    expect(promtoolCheck(text)).toBe("");
  });

  it("counts restarts as a counter that follows the store's total, with exactness beside it", async () => {
    const registry = new Registry();
    let processes = [proc("api", "running", "web", history(2, false))];
    registerFleetMetrics(registry, () => reading(processes));
    const restarts = async () => /^respawn_process_restarts_total\{host="web",manager="supervisord",process="api"\} (\d+)$/m.exec(await registry.metrics())?.[1];
    const text = await registry.metrics();
    expect(text).toContain("# TYPE respawn_process_restarts_total counter");
    expect(text).toContain('respawn_process_restarts_exact{host="web",manager="supervisord",process="api"} 0');
    expect(await restarts()).toBe("2");
    processes = [proc("api", "running", "web", history(5, true))];
    expect(await restarts()).toBe("5");
    expect(await registry.metrics()).toContain('respawn_process_restarts_exact{host="web",manager="supervisord",process="api"} 1');
    processes = [proc("api", "running", "web", history(1, true))];
    expect(await restarts(), "a lower count is a counter reset, not a negative increment").toBe("1");
    processes = [];
    expect(await restarts(), "a process gone has no series").toBeUndefined();
  });

  it("has Node's standard metrics, build info, a poll histogram and the event counters; promtool accepts it all", async () => {
    const m = createMetrics();
    m.watchFleet(() => reading([proc("api", "running", "web", history(3, true))]));
    m.pollDuration.observe({ host: "web", manager: "supervisord" }, 0.02);
    m.pollErrors.inc({ host: "db", manager: "supervisord", code: "TIMEOUT" });
    m.actions.inc({ action: "restart", outcome: "done" });
    m.notifications.inc({ channel: "webhook", outcome: "failed" });
    m.signInFailures.inc({ reason: "failed" });
    const text = await m.registry.metrics();
    for (const name of ["process_cpu_seconds_total", "process_resident_memory_bytes", "process_start_time_seconds", "nodejs_heap_size_used_bytes", "nodejs_eventloop_lag_seconds"]) {
      expect(text, name).toMatch(new RegExp(`^${name}(\\{[^}]*\\})? `, "m"));
    }
    expect(text).toMatch(/^respawn_build_info\{version="\d+\.\d+\.\d+",node="v\d+[^"]*"\} 1$/m);
    expect(text).toContain('respawn_poll_duration_seconds_bucket{le="0.025",host="web",manager="supervisord"} 1');
    expect(text).toContain('respawn_poll_errors_total{host="db",manager="supervisord",code="TIMEOUT"} 1');
    expect(text).toContain('respawn_actions_total{action="restart",outcome="done"} 1');
    expect(text).toContain('respawn_notification_deliveries_total{channel="webhook",outcome="failed"} 1');
    expect(text).toContain('respawn_sign_in_failures_total{reason="failed"} 1');
    expect(promtoolCheck(text)).toBe("");
  });

  it("escapes label values", async () => {
    const registry = new Registry();
    registerFleetMetrics(registry, () => ({ ...reading([]), snapshot: { seq: 1, endpoints: [endpoint({ hostId: 'a"b\\c' })], processes: [] } }));
    expect(await registry.metrics()).toContain('host="a\\"b\\\\c"');
  });
});
