import { describe, expect, it } from "vitest";
import type { ProcessUsage } from "@/lib/connectors/types";
import { UsageSampler, type UsageSamplerSource } from "./usage-sampler";

/** A fleet whose states and readings the test sets; counts reads to show what the sampler asks. */
function fleet(states: Record<string, string>) {
  const readings = new Map<string, ProcessUsage | Error>();
  const reads: string[] = [];
  const source: UsageSamplerSource = {
    snapshot: () => ({ processes: Object.entries(states).map(([id, state]) => ({ id, state: state as "running" })) }),
    readUsage: async (id) => {
      reads.push(id);
      const r = readings.get(id);
      if (r instanceof Error) throw r;
      return r ?? null;
    },
  };
  return { source, readings, reads, states };
}
const usage = (cpuNs: number | null, at: number, memoryBytes = 1000): ProcessUsage => ({ cpuNs, memoryBytes, tasks: 1, source: "proc", at });

describe("UsageSampler", () => {
  it("reads only running processes and turns two CPU readings into % of one core", async () => {
    const f = fleet({ a: "running", b: "stopped" });
    const s = new UsageSampler(f.source, 10_000);
    f.readings.set("a", usage(0, 1_000));
    await s.sampleNow();
    expect(f.reads).toEqual(["a"]);
    expect(s.current().get("a")?.cpuPercent).toBeNull();
    f.readings.set("a", usage(2.5e9, 11_000, 4096)); // 2.5 s of CPU in 10 s
    await s.sampleNow();
    expect(s.current().get("a")).toMatchObject({ cpuPercent: 25, cpuAccounted: true, memoryBytes: 4096 });
    expect(s.current().has("b")).toBe(false);
  });

  it("drops a process that stopped or whose host failed, and restarts its CPU rate from scratch", async () => {
    const f = fleet({ a: "running", b: "running" });
    const s = new UsageSampler(f.source, 10_000);
    f.readings.set("a", usage(0, 0));
    f.readings.set("b", usage(0, 0));
    await s.sampleNow();
    f.states.a = "stopped";
    f.readings.set("b", new Error("host down"));
    await s.sampleNow();
    expect([...s.current().keys()]).toEqual([]);
    f.states.a = "running";
    f.readings.set("a", usage(5e9, 10_000));
    await s.sampleNow();
    expect(s.current().get("a")?.cpuPercent).toBeNull(); // no stale baseline across a restart
  });

  it("joins a pass in flight instead of reading every process twice", async () => {
    const f = fleet({ a: "running" });
    f.readings.set("a", usage(0, 0));
    const s = new UsageSampler(f.source, 10_000);
    await Promise.all([s.sampleNow(), s.sampleNow()]);
    expect(f.reads).toEqual(["a"]);
  });
});
