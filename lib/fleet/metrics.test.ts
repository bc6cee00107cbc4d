import { describe, expect, it } from "vitest";
import { renderMetrics, type MetricsInput } from "./metrics";
import type { EndpointView, ProcessView } from "./types";

function endpoint(over: Partial<EndpointView>): EndpointView {
  return {
    key: "web/supervisord", hostId: "web", hostName: "web", manager: "supervisord", target: "unix:/x",
    status: "up", error: null, since: 0, lastOkAt: 0, version: null, lastPollMs: 12, pollIntervalMs: 1000,
    nextRetryAt: null, breaker: "closed", processCount: 2, ...over,
  };
}

function process(name: string, state: ProcessView["state"], hostId = "web"): ProcessView {
  return {
    id: `${hostId}:${name}`, hostId, manager: "supervisord", name, group: null, state, rawState: state,
    description: "", pid: null, startedAt: null, stoppedAt: null, exitStatus: null, uptimeMs: null,
    restartTry: null, details: {}, hostName: hostId, stale: false, history: null,
  } as unknown as ProcessView;
}

const input = (over: Partial<MetricsInput> = {}): MetricsInput => ({
  snapshot: {
    seq: 1,
    endpoints: [endpoint({}), endpoint({ key: "db/supervisord", hostId: "db", status: "timeout", breaker: "open", lastPollMs: null })],
    processes: [process("api", "running"), process("worker", "gave-up"), process("pg", "unknown", "db")],
  },
  streams: { fleet: 3, log: 1 },
  actionsInFlight: 0,
  ready: true,
  shuttingDown: false,
  startedAt: 1_700_000_000_000,
  rssBytes: 1024,
  heapUsedBytes: 512,
  ...over,
});

describe("renderMetrics", () => {
  const text = renderMetrics(input());

  it("reports each endpoint up or down, its status and breaker state as one-hot series", () => {
    expect(text).toContain('respawn_endpoint_up{host="web",manager="supervisord"} 1');
    expect(text).toContain('respawn_endpoint_up{host="db",manager="supervisord"} 0');
    expect(text).toContain('respawn_endpoint_status{host="db",manager="supervisord",status="timeout"} 1');
    expect(text).toContain('respawn_endpoint_status{host="db",manager="supervisord",status="up"} 0');
    expect(text).toContain('respawn_endpoint_breaker_state{host="db",manager="supervisord",state="open"} 1');
    expect(text).toContain('respawn_endpoint_last_poll_seconds{host="web",manager="supervisord"} 0.012');
    expect(text).not.toContain('respawn_endpoint_last_poll_seconds{host="db"');
  });

  it("counts processes per state, zeros included, and the gave-up total", () => {
    expect(text).toContain('respawn_processes{host="web",manager="supervisord",state="running"} 1');
    expect(text).toContain('respawn_processes{host="web",manager="supervisord",state="crashed"} 0');
    expect(text).toContain('respawn_processes{host="db",manager="supervisord",state="unknown"} 1');
    expect(text).toMatch(/^respawn_processes_gave_up 1$/m);
    expect(text).toContain('respawn_live_streams{kind="fleet"} 3');
  });

  it("is valid exposition text: every sample belongs to a family declared before it", () => {
    const declared = new Set<string>();
    for (const line of text.trimEnd().split("\n")) {
      const type = /^# TYPE (\S+) (gauge|counter)$/.exec(line);
      if (type?.[1]) declared.add(type[1]);
      else if (!line.startsWith("# HELP")) {
        expect(line).toMatch(/^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9.e+]+$/);
        expect(declared.has(line.split(/[{ ]/)[0] ?? "")).toBe(true);
      }
    }
  });

  it("escapes label values", () => {
    const odd = renderMetrics(input({ snapshot: { seq: 1, endpoints: [endpoint({ hostId: 'a"b\\c' })], processes: [] } }));
    expect(odd).toContain('host="a\\"b\\\\c"');
  });
});
