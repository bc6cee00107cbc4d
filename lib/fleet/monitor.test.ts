import { afterEach, describe, expect, it } from "vitest";
import type { RespawnConfig } from "@/lib/config/schema";
import { createFakeConnector, type FakeConnector } from "@/lib/connectors/fake/fake-connector";
import { RespawnError } from "@/lib/util/errors";
import { encodeProcessId } from "@/lib/util/ids";
import { Monitor } from "./monitor";
import type { FleetEvent } from "./types";

const config = (ids: string[]): RespawnConfig =>
  ({
    pollIntervalMs: 50,
    hosts: ids.map((id) => ({ id, supervisord: { socket: `/fake/${id}.sock`, timeoutMs: 500, maxResponseBytes: 1 << 20 } })),
  }) as RespawnConfig;

const monitors: Monitor[] = [];
afterEach(async () => {
  await Promise.all(monitors.splice(0).map((m) => m.stop()));
});

function setup(ids = ["a", "b"]) {
  const fakes = new Map<string, FakeConnector>();
  const monitor = new Monitor({
    config: config(ids),
    createConnector: (host) => {
      const fake = createFakeConnector({
        hostId: host.id,
        processes: [{ name: "web", state: "running", pid: 10 }, { name: "jobs:w1", group: "jobs", state: "stopped" }],
      });
      fakes.set(host.id, fake);
      return fake;
    },
  });
  monitors.push(monitor);
  const events: FleetEvent[] = [];
  monitor.subscribe((e) => events.push(e));
  monitor.start();
  return { monitor, fakes, events, fake: (id: string) => fakes.get(id)! };
}

async function until<T>(read: () => T | undefined | false, what: string, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const id = (host: string, name: string) => encodeProcessId({ hostId: host, manager: "supervisord", name });

describe("the monitor", () => {
  it("lists every process of every host once the hosts answer", async () => {
    const { monitor } = setup();
    const snap = await until(() => {
      const s = monitor.snapshot();
      return s.processes.length === 4 && s.endpoints.every((e) => e.status === "up") && s;
    }, "both hosts up");
    expect(snap.endpoints.map((e) => e.key).sort()).toEqual(["a/supervisord", "b/supervisord"]);
    expect(snap.processes.every((p) => !p.stale)).toBe(true);
    expect(snap.endpoints[0]?.version).toBe("fake 1.0");
  });

  it("sends only what changed, in increasing seq order", async () => {
    const { monitor, fake, events } = setup(["a"]);
    await until(() => monitor.snapshot().processes.length === 2, "first poll");
    events.length = 0;
    fake("a").setState("web", "crashed", { exitStatus: 3, pid: null });
    const delta = await until(
      () => events.find((e) => e.type === "processes" && e.upsert.some((p) => p.name === "web" && p.state === "crashed")),
      "crash delta",
    );
    expect(delta.type === "processes" && delta.upsert).toHaveLength(1);
    const seqs = events.map((e) => e.seq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
  });

  it("shows a failing host as down with its reason, greys its processes, and keeps the others live", async () => {
    const { monitor, fake } = setup();
    await until(() => monitor.snapshot().processes.length === 4, "first poll");
    fake("a").failWith(new RespawnError("UNREACHABLE", "host a: connection refused (/fake/a.sock)", { hostId: "a" }));
    const down = await until(() => monitor.snapshot().endpoints.find((e) => e.hostId === "a" && e.status === "down"), "a down");
    expect(down.error?.message).toContain("connection refused");
    expect(monitor.snapshot().processes.filter((p) => p.hostId === "a").every((p) => p.stale)).toBe(true);

    fake("b").setState("web", "stopped");
    await until(() => monitor.snapshot().processes.find((p) => p.hostId === "b" && p.name === "web" && p.state === "stopped"), "b keeps updating");
    expect(monitor.snapshot().endpoints.find((e) => e.hostId === "b")?.status).toBe("up");

    fake("a").failWith(null);
    await until(() => monitor.snapshot().endpoints.find((e) => e.hostId === "a" && e.status === "up"), "a recovers", 40_000);
    expect(monitor.snapshot().processes.filter((p) => p.hostId === "a").some((p) => p.stale)).toBe(false);
  }, 45_000);

  it("tells refused credentials apart from a host that is down", async () => {
    const { monitor, fake } = setup(["a"]);
    fake("a").failWith(new RespawnError("AUTH", "host a: credentials refused", { hostId: "a" }));
    const e = await until(() => monitor.snapshot().endpoints.find((x) => x.status === "auth"), "auth status");
    expect(e.error?.code).toBe("AUTH");
  });

  it("opens the circuit after repeated failures so actions fail at once, and says when it retries", async () => {
    const { monitor, fake } = setup(["a"]);
    await until(() => monitor.snapshot().processes.length === 2, "first poll");
    fake("a").failWith(new RespawnError("TIMEOUT", "host a: no answer within 500 ms", { hostId: "a" }));
    const open = await until(() => monitor.snapshot().endpoints.find((e) => e.breaker === "open"), "breaker open", 20_000);
    expect(open.nextRetryAt).toBeGreaterThan(Date.now() - 1000);
    const calls = fake("a").controlCalls.length;
    await expect(monitor.control(id("a", "web"), "restart")).rejects.toMatchObject({ code: "UNAVAILABLE" });
    expect(fake("a").controlCalls.length).toBe(calls);
  }, 25_000);

  it("applies an action's read-back at once and never retries it", async () => {
    const { monitor, fake } = setup(["a"]);
    await until(() => monitor.snapshot().processes.length === 2, "first poll");
    const result = await monitor.control(id("a", "jobs:w1"), "start");
    expect(result.ok).toBe(true);
    expect(monitor.getProcess(id("a", "jobs:w1")).process.state).toBe("running");
    expect(fake("a").controlCalls).toEqual([{ name: "jobs:w1", action: "start" }]);
  });

  it("reports one result per id for batch actions, errors included", async () => {
    const { monitor } = setup(["a"]);
    await until(() => monitor.snapshot().processes.length === 2, "first poll");
    const results = await monitor.controlMany([id("a", "web"), id("a", "nope"), "garbage!"], "stop");
    expect(results.map((r) => r.result?.ok ?? r.error?.code)).toEqual([true, "NOT_FOUND", "NOT_FOUND"]);
  });

  it("refuses actions once it is stopping", async () => {
    const { monitor } = setup(["a"]);
    await monitor.stop();
    await expect(monitor.control(id("a", "web"), "stop")).rejects.toMatchObject({ code: "UNAVAILABLE" });
  });
});

describe("process-change listeners", () => {
  it("hear every change with the state before it, and a throwing listener breaks nothing", async () => {
    const { monitor, fake } = setup(["a"]);
    const seen: string[] = [];
    monitor.onProcessChange(() => {
      throw new Error("broken listener");
    });
    monitor.onProcessChange(({ prev, next, source }) => seen.push(`${prev?.state ?? "-"}>${next.state}:${source}`));
    await until(() => monitor.snapshot().processes.length === 2, "first poll");
    fake("a").setState("web", "gave-up");
    await until(() => seen.includes("running>gave-up:signal"), "gave-up heard");
    expect(seen).toContain("->running:poll");
  });
});

describe("running a task on an endpoint's own connector", () => {
  it("uses the monitor's connector, names an unknown host, and refuses once stopping", async () => {
    const { monitor, fake } = setup(["a"]);
    const seen = await monitor.withEndpointConnector("a", "supervisord", async (c) => c, 1_000);
    expect(seen).toBe(fake("a"));
    await expect(monitor.withEndpointConnector("zz", "supervisord", async () => 1, 1_000)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(monitor.withEndpointConnector("a", "systemd", async () => 1, 1_000)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await monitor.stop();
    await expect(monitor.withEndpointConnector("a", "supervisord", async () => 1, 1_000)).rejects.toMatchObject({ code: "UNAVAILABLE" });
  });
});
