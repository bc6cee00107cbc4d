import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseRssKiB, parseStat, readProcUsage, sumTree, type ProcEntry } from "./proc-usage";

describe("/proc usage of a process tree", () => {
  it("reads a stat line whose command holds spaces and parentheses", () => {
    const line =
      "4242 (my (odd) prog) S 17 4242 4242 0 -1 4194560 1 0 0 0 30 12 5 3 20 0 3 0 99 1000 250 0";
    expect(parseStat(line)).toEqual({ pid: 4242, ppid: 17, cpuTicks: 30 + 12 + 5 + 3, threads: 3 });
    expect(parseStat("garbage")).toBeNull();
  });

  it("takes VmRSS from status, 0 when a process has none", () => {
    expect(parseRssKiB("Name:\tx\nVmRSS:\t  2048 kB\nThreads:\t1\n")).toBe(2048);
    expect(parseRssKiB("Name:\tkthreadd\n")).toBe(0);
  });

  it("sums a process and its descendants, not its siblings", () => {
    const e = (
      pid: number,
      ppid: number,
      cpuTicks: number,
      rssKiB: number,
      threads = 1,
    ): ProcEntry => ({
      pid,
      ppid,
      cpuTicks,
      rssKiB,
      threads,
    });
    const all = [
      e(1, 0, 1, 1),
      e(10, 1, 100, 1000, 2),
      e(11, 10, 50, 500),
      e(12, 11, 1, 10),
      e(20, 1, 999, 999),
    ];
    expect(sumTree(10, all, 5)).toEqual({
      cpuNs: 151 * 10_000_000,
      memoryBytes: 1510 * 1024,
      tasks: 4,
      source: "proc",
      at: 5,
    });
    expect(sumTree(99, all, 5)).toBeNull();
  });

  it("agrees with the kernel's own figures for this very process", async () => {
    const usage = await readProcUsage(process.pid);
    const status = readFileSync("/proc/self/status", "utf8");
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) * 1024;
    expect(usage?.memoryBytes).toBeGreaterThan(rss * 0.8);
    expect(usage?.memoryBytes).toBeLessThan(rss * 1.5);
    expect(usage?.tasks).toBeGreaterThanOrEqual(Number(/Threads:\s+(\d+)/.exec(status)?.[1]));
    expect(usage?.cpuNs).toBeGreaterThan(0);
  });
});
