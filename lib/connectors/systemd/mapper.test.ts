import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isGaveUp, mapUnit, mapUnitState, mapUsage, usecToMs } from "./mapper";
import { ServiceProperties, UnitProperties } from "./wire";

type Recorded = { unit: UnitProperties; service: ServiceProperties };

/** Recorded GetAll maps from systemd 252; uint64 values are stored as "123n" strings. */
const recorded = JSON.parse(
  readFileSync(new URL("./fixtures/unit-properties.json", import.meta.url), "utf8"),
  (_k, v: unknown) => (typeof v === "string" && /^\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v),
) as Record<string, { unit: unknown; service: unknown }>;

function fixture(name: string): Recorded {
  const r = recorded[name];
  if (!r) throw new Error(`no fixture ${name}`);
  return { unit: UnitProperties.parse(r.unit), service: ServiceProperties.parse(r.service) };
}

describe("systemd mapper", () => {
  it("maps a running service with its pid, start time and restart policy, JSON-safe", () => {
    const { unit, service } = fixture("running");
    const p = mapUnit("h1", unit, service);
    expect(p).toMatchObject({
      name: "rsx-healthy.service",
      manager: "systemd",
      state: "running",
      rawState: "active/running",
      pid: 10253,
      since: 1795819540285,
      exitStatus: null,
      spawnError: null,
      restarts: 0,
      logs: ["journal"],
    });
    expect(p.details).toMatchObject({ restart: "always", restartMs: 200, startLimitBurst: 5, startLimitIntervalMs: 10000 });
    expect(p.details.dropIns).toBe("/root/.config/systemd/user/rsx-healthy.service.d/10-env.conf");
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it("shows gave-up for a failed unit whose restarts reached the burst, though Result says exit-code (systemd 252)", () => {
    const { unit, service } = fixture("gave-up-exit-code");
    expect(service.Result).toBe("exit-code");
    const p = mapUnit("h1", unit, service);
    expect(p.state).toBe("gave-up");
    expect(p.rawState).toBe("failed (exit-code)");
    expect(p.restarts).toBe(3);
    expect(p.exitStatus).toBe(3);
    expect(p.pid).toBeNull();
  });

  it("shows gave-up for Result=start-limit-hit whatever the counters say", () => {
    const { unit, service } = fixture("gave-up-exit-code");
    expect(isGaveUp({ ...unit }, { ...service, Result: "start-limit-hit", NRestarts: 0 })).toBe(true);
  });

  it("a failed unit below the burst, or with Restart=no, is crashed, not gave-up", () => {
    const { unit, service } = fixture("gave-up-exit-code");
    expect(mapUnitState(unit, { ...service, NRestarts: 2 })).toBe("crashed");
    expect(mapUnitState(unit, { ...service, Restart: "no" })).toBe("crashed");
  });

  it("reports the signal that killed a crashed unit", () => {
    const { unit, service } = fixture("crashed-signal");
    const p = mapUnit("h1", unit, service);
    expect(p).toMatchObject({ state: "crashed", exitSignal: "SIGKILL", exitStatus: null, spawnError: "signal" });
  });

  it("a pending automatic restart is starting", () => {
    const { unit, service } = fixture("auto-restart");
    expect(mapUnit("h1", unit, service)).toMatchObject({ state: "starting", rawState: "activating/auto-restart (exit-code)" });
  });

  it("an inactive unit is stopped and keeps a hostile description as plain text", () => {
    const { unit, service } = fixture("stopped-hostile");
    const p = mapUnit("h1", unit, service);
    expect(p.state).toBe("stopped");
    expect(p.description).toBe("<img src=x onerror=alert(1)>");
  });

  it("maps the other active states", () => {
    const { unit, service } = fixture("running");
    const with_ = (ActiveState: string, SubState = "x") => mapUnitState({ ...unit, ActiveState, SubState }, service);
    expect(with_("activating")).toBe("starting");
    expect(with_("deactivating")).toBe("stopping");
    expect(with_("reloading")).toBe("running");
    expect(with_("something-new")).toBe("unknown");
  });

  it("converts µs to ms; 0 and infinity are null", () => {
    expect(usecToMs(1_500_000n)).toBe(1500);
    expect(usecToMs(0n)).toBeNull();
    expect(usecToMs(2n ** 64n - 1n)).toBeNull();
  });
});

describe("mapUsage", () => {
  it("turns systemd's cgroup counters into numbers and 'not accounted' (2^64-1) into null", () => {
    const max = 2n ** 64n - 1n;
    expect(mapUsage({ MemoryCurrent: 692224n, CPUUsageNSec: max, TasksCurrent: 1n }, 7)).toEqual({
      cpuNs: null,
      memoryBytes: 692224,
      tasks: 1,
      source: "cgroup",
      at: 7,
    });
  });
});
