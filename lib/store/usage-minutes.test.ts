import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "./open-store";
import { pruneUsageMinutes, queryUsageMinutes, recordUsageMinute, USAGE_KEEP_MS } from "./usage-minutes";

let dir: string;
let store: Store;
function open(): Store {
  dir = mkdtempSync(path.join(os.tmpdir(), "respawn-usage-"));
  store = openStore(path.join(dir, "respawn.db"));
  return store;
}
afterEach(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("usage minutes in the store", () => {
  it("keeps one row per process per minute with the peak of each figure", () => {
    const { db } = open();
    const t = 1_700_000_080_000; // 40 s into a minute
    recordUsageMinute(db, "p", t, null, 100);
    recordUsageMinute(db, "p", t + 5_000, 3, 50);
    recordUsageMinute(db, "p", t + 10_000, 1, 300);
    recordUsageMinute(db, "p", t + 30_000, 7, 10); // the next minute
    recordUsageMinute(db, "q", t, 99, 99);
    expect(queryUsageMinutes(db, "p", 0)).toEqual([
      { at: Math.floor(t / 60_000) * 60_000, cpuPercent: 3, memoryBytes: 300 },
      { at: (Math.floor(t / 60_000) + 1) * 60_000, cpuPercent: 7, memoryBytes: 10 },
    ]);
  });

  it("prunes what is older than 24 h, so the table stays bounded", () => {
    const { db } = open();
    const now = 1_700_000_000_000;
    for (let m = 0; m < 26 * 60; m += 1) recordUsageMinute(db, "p", now - m * 60_000, 1, 1);
    const dropped = pruneUsageMinutes(db, now);
    const left = queryUsageMinutes(db, "p", 0);
    expect(dropped + left.length).toBe(26 * 60);
    expect(left.length).toBeLessThanOrEqual(24 * 60 + 1);
    expect(left[0]!.at).toBeGreaterThanOrEqual(now - USAGE_KEEP_MS - 60_000);
  });
});
