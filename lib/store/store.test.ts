import { afterEach, describe, expect, it } from "vitest";
import { openStore, resolveStorePath, type Store } from "./open-store";
import { getListenerHost, touchListenerHost } from "./listener-hosts";
import { getSeen, markSeen } from "./processes-seen";
import { countRecentRestarts, findInexactRestart, insertRestart, restartBuckets, upgradeRestart } from "./restarts";
import { insertTransition, listTransitions, type TransitionRecord } from "./transitions";

const key = { processId: "p1", hostId: "h", manager: "supervisord" as const, name: "web" };
let store: Store;
afterEach(() => store?.close());

function transition(at: number, toState = "running"): TransitionRecord {
  return {
    ...key,
    fromState: null,
    toState,
    rawState: toState.toUpperCase(),
    at,
    exitStatus: null,
    signal: null,
    pid: null,
    cause: "unknown",
    actor: null,
    source: "poll",
  };
}

describe("store paths", () => {
  it("prefers the config's dataDir, then RESPAWN_DATA_DIR, then /var/lib/respawn", () => {
    expect(resolveStorePath("/srv/r", { RESPAWN_DATA_DIR: "/x" })).toBe("/srv/r/respawn.db");
    expect(resolveStorePath(undefined, { RESPAWN_DATA_DIR: "/x" })).toBe("/x/respawn.db");
    expect(resolveStorePath(undefined, {})).toBe("/var/lib/respawn/respawn.db");
  });
});

describe("timeline pages", () => {
  it("pages newest first without repeating or skipping rows with the same time", () => {
    store = openStore(":memory:");
    for (let i = 0; i < 7; i++) insertTransition(store.db, transition(1_000 + Math.floor(i / 2)));
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = listTransitions(store.db, "p1", { limit: 3, before: cursor });
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });

  it("refuses a cursor it did not make", () => {
    store = openStore(":memory:");
    expect(() => listTransitions(store.db, "p1", { before: "1; DROP" })).toThrow(/cursor/);
  });
});

describe("restarts", () => {
  it("counts by window, keeps totals, and upgrades a polled restart to exact once", () => {
    store = openStore(":memory:");
    const now = 100 * 3_600_000;
    markSeen(store.db, key, now - 48 * 3_600_000);
    const base = { processId: "p1", pid: null, cause: "crash" as const, ref: null };
    insertRestart(store.db, { ...base, at: now - 30 * 60_000, source: "poll", exact: false });
    insertRestart(store.db, { ...base, at: now - 5 * 3_600_000, source: "listener", exact: true });
    insertRestart(store.db, { ...base, at: now - 30 * 3_600_000, source: "listener", exact: true });
    expect(countRecentRestarts(store.db, ["p1"], now).get("p1")).toEqual({
      lastHour: 1,
      last24h: 2,
      inexactLastHour: 1,
      inexactLast24h: 1,
    });
    const polled = findInexactRestart(store.db, "p1", now - 3_600_000, now);
    expect(polled).toBeDefined();
    upgradeRestart(store.db, polled!.id, "p1", { ...base, at: now - 31 * 60_000, source: "listener", exact: true });
    upgradeRestart(store.db, polled!.id, "p1", { ...base, at: now - 31 * 60_000, source: "listener", exact: true });
    expect(getSeen(store.db, "p1")).toMatchObject({ restartsTotal: 3, inexactTotal: 0 });
    expect(restartBuckets(store.db, "p1", now, 3_600_000, 6)).toEqual([0, 1, 0, 0, 0, 1]);
  });

  it("never counts the same journal message twice", () => {
    store = openStore(":memory:");
    markSeen(store.db, key, 0);
    const r = { processId: "p1", at: 5, source: "journal" as const, exact: true, pid: null, cause: "crash" as const };
    expect(insertRestart(store.db, { ...r, ref: "cursor-1" })).toBe(true);
    expect(insertRestart(store.db, { ...r, ref: "cursor-1" })).toBe(false);
    expect(getSeen(store.db, "p1")?.restartsTotal).toBe(1);
  });
});

describe("listener coverage", () => {
  it("restarts coverage after a silence or a report of dropped events", () => {
    store = openStore(":memory:");
    touchListenerHost(store.db, "h", 1_000, 0, 100);
    touchListenerHost(store.db, "h", 1_050, 0, 100);
    expect(getListenerHost(store.db, "h")?.coveredSince).toBe(1_000);
    touchListenerHost(store.db, "h", 1_500, 0, 100);
    expect(getListenerHost(store.db, "h")?.coveredSince).toBe(1_500);
    touchListenerHost(store.db, "h", 1_510, 2, 100);
    expect(getListenerHost(store.db, "h")).toMatchObject({ coveredSince: 1_510, droppedTotal: 2 });
  });

  it("starts coverage when the listener run started, if it says so, but never in the future", () => {
    store = openStore(":memory:");
    touchListenerHost(store.db, "h", 5_000, 0, 100, 2_000);
    expect(getListenerHost(store.db, "h")?.coveredSince).toBe(2_000);
    touchListenerHost(store.db, "h", 5_050, 0, 100, 1_000);
    expect(getListenerHost(store.db, "h")?.coveredSince).toBe(2_000);
    touchListenerHost(store.db, "x", 5_000, 0, 100, 9_000);
    expect(getListenerHost(store.db, "x")?.coveredSince).toBe(5_000);
  });
});
