import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "@/lib/store/open-store";
import type { ListenerBatch, ListenerEvent } from "./listener-events";
import { createHistoryRecorder, type HistoryRecorder } from "./recorder";
import { processInfo as p } from "./test-process";

let clock = 1_000_000_000;
let store: Store;
let recorder: HistoryRecorder;
const cleanups: Array<() => void> = [];
afterEach(() => {
  recorder?.close();
  store?.close();
  cleanups.splice(0).forEach((f) => f());
});

function setUp(file = ":memory:", opts = {}) {
  clock = 1_000_000_000;
  store = openStore(file, { busyTimeoutMs: 0 });
  recorder = createHistoryRecorder(store, { now: () => clock, flapThreshold: 2, flapWindowMs: 60_000, ...opts });
}

let serial = 0;
function event(state: ListenerEvent["state"], fromState: ListenerEvent["fromState"], pid: number | null = null, extra: Partial<ListenerEvent> = {}): ListenerEvent {
  return { serial: ++serial, state, fromState, processName: "web", groupName: "web", pid, expected: null, tries: null, ageMs: 0, ...extra };
}
function batch(events: ListenerEvent[], dropped = 0): ListenerBatch {
  return { listener: { instance: "instance-1", dropped }, events };
}
const running = (pid: number) => p({ state: "running", rawState: "RUNNING", pid });
const web = running(1).id;
/** A crash and respawn by supervisord, as its listener reports it. */
const crashEvents = (oldPid: number, newPid: number) => [
  event("EXITED", "RUNNING", oldPid, { expected: false }),
  event("STARTING", "EXITED"),
  event("RUNNING", "STARTING", newPid),
];

describe("one restart seen by two sources is counted once", () => {
  it("listener first, then the poll that sees the new pid", () => {
    setUp();
    recorder.observe(undefined, running(1), "poll");
    recorder.recordListenerEvents("h", batch(crashEvents(1, 2)));
    clock += 1_000;
    recorder.observe(running(1), running(2), "poll");
    const stats = recorder.restartStats(web);
    expect(stats.lastHour.count).toBe(1);
    expect(stats.sinceFirstSeen.count).toBe(1);
    expect(recorder.timeline(web).items.map((t) => [t.rawState, t.source])).toEqual([
      ["RUNNING", "listener"],
      ["STARTING", "listener"],
      ["EXITED", "listener"],
    ]);
  });

  it("poll first, then the listener's late delivery upgrades it instead of adding one", () => {
    setUp();
    recorder.observe(undefined, running(1), "poll");
    clock += 1_000;
    recorder.observe(running(1), running(2), "poll");
    expect(recorder.restartStats(web).lastHour).toEqual({ count: 1, exact: false });
    clock += 300;
    recorder.recordListenerEvents("h", batch(crashEvents(1, 2).map((e) => ({ ...e, ageMs: 400 }))));
    expect(recorder.restartStats(web).lastHour.count).toBe(1);
    const sources = recorder.timeline(web).items.map((t) => t.source);
    expect(sources.every((s) => s === "listener")).toBe(true);
  });

  it("a retried delivery of the same events", () => {
    setUp();
    recorder.observe(undefined, running(1), "poll");
    const b = batch(crashEvents(1, 2));
    recorder.recordListenerEvents("h", b);
    recorder.recordListenerEvents("h", b);
    expect(recorder.restartStats(web).sinceFirstSeen.count).toBe(1);
    expect(recorder.timeline(web).items).toHaveLength(3);
  });
});

describe("exact or at least", () => {
  it("poll-only supervisord counts are 'at least', with a hint", () => {
    setUp();
    recorder.observe(undefined, running(1), "poll");
    recorder.observe(running(1), running(2), "poll");
    const s = recorder.restartStats(web);
    expect(s.lastHour).toEqual({ count: 1, exact: false });
    expect(s.hint).toMatch(/event listener/);
  });

  it("become exact once the listener has covered the whole window, and stop being so when it goes silent", () => {
    setUp();
    recorder.recordListenerEvents("h", batch([]));
    recorder.recordListenerEvents("h", batch([event("STARTING", "STOPPED"), event("RUNNING", "STARTING", 1)]));
    for (let i = 0; i < 3; i++) {
      clock += 60_000;
      recorder.recordListenerEvents("h", batch([])); // TICK_60 heartbeats
    }
    expect(recorder.restartStats(web).lastHour.exact).toBe(true);
    expect(recorder.restartStats(web).sinceFirstSeen).toMatchObject({ count: 0, exact: true });
    clock += 10 * 60_000;
    expect(recorder.restartStats(web).lastHour.exact).toBe(false);
  });

  it("a listener that reports dropped events restarts its coverage", () => {
    setUp();
    recorder.recordListenerEvents("h", batch([event("RUNNING", "STARTING", 1)]));
    clock += 60_000;
    recorder.recordListenerEvents("h", batch([], 3));
    expect(recorder.restartStats(web).sinceFirstSeen.exact).toBe(false);
  });

  it("systemd NRestarts increments are exact", () => {
    setUp();
    const unit = (n: number) => p({ manager: "systemd", name: "a.service", restarts: n, rawState: "active (running)" });
    recorder.observe(undefined, unit(0), "signal");
    clock += 1_000;
    recorder.observe(unit(0), unit(2), "signal");
    expect(recorder.restartStats(unit(0).id).last24h).toEqual({ count: 2, exact: true });
  });
});

describe("journal backfill", () => {
  const unit = (n: number) => p({ manager: "systemd", name: "a.service", restarts: n, rawState: "active (running)" });
  const restart = (at: number, cursor: string) => ({ unit: "a.service", at, cursor, counter: null });

  it("adds the restarts missed while Respawn was down, claims the ones seen live, and is idempotent", () => {
    setUp();
    recorder.observe(undefined, unit(1), "poll");
    clock += 5_000;
    recorder.observe(unit(1), unit(2), "poll"); // seen live, 5 s after systemd logged it
    const messages = [restart(clock - 3_600_000, "c1"), restart(clock - 5_000, "c2")];
    recorder.backfillFromJournal("h", messages);
    recorder.backfillFromJournal("h", messages);
    expect(recorder.restartStats(unit(0).id).last24h).toEqual({ count: 2, exact: true });
  });
});

describe("restarts before the first sight of a unit", () => {
  const unit = (n: number) => p({ manager: "systemd", name: "b.service", restarts: n, rawState: "failed (exit-code)", state: "gave-up", since: clock - 60_000 });

  it("counts NRestarts at the very first sight as 'at least', once, and the journal's messages make them exact", () => {
    setUp();
    recorder.observe(undefined, unit(3), "poll");
    expect(recorder.restartStats(unit(0).id).lastHour).toEqual({ count: 3, exact: false });
    // Respawn restarts: the unit is not new, nothing is added again.
    recorder.close();
    recorder = createHistoryRecorder(store, { now: () => clock });
    recorder.observe(undefined, unit(3), "poll");
    expect(recorder.restartStats(unit(0).id).lastHour.count).toBe(3);
    const messages = [1, 2, 3].map((i) => ({ unit: "b.service", at: clock - 60_000 - (4 - i) * 2_000, cursor: `n${i}`, counter: i }));
    recorder.backfillFromJournal("h", messages);
    expect(recorder.restartStats(unit(0).id).lastHour).toEqual({ count: 3, exact: true });
  });
});

describe("a gap while Respawn was down", () => {
  const unit = (n: number) => p({ manager: "systemd", name: "a.service", restarts: n, rawState: "active (running)" });

  it("makes systemd counts 'at least' until the journal for the gap has been read", () => {
    setUp();
    recorder.observe(undefined, unit(0), "poll");
    const wentDown = clock;
    recorder.close();
    clock += 3_600_000;
    recorder = createHistoryRecorder(store, { now: () => clock });
    recorder.observe(undefined, unit(4), "poll");
    expect(recorder.restartStats(unit(0).id).sinceFirstSeen).toMatchObject({ count: 0, exact: false });
    const missed = [1, 2, 3, 4].map((i) => ({ unit: "a.service", at: wentDown + i * 60_000, cursor: `c${i}`, counter: i }));
    recorder.backfillFromJournal("h", missed, wentDown - 1_000);
    expect(recorder.restartStats(unit(0).id).sinceFirstSeen).toMatchObject({ count: 4, exact: true });
  });

  it("stays 'at least' when the journal was read only from later on", () => {
    setUp();
    recorder.observe(undefined, unit(0), "poll");
    recorder.close();
    clock += 3_600_000;
    recorder = createHistoryRecorder(store, { now: () => clock });
    recorder.observe(undefined, unit(4), "poll");
    recorder.backfillFromJournal("h", [], clock - 60_000);
    expect(recorder.restartStats(unit(0).id).sinceFirstSeen.exact).toBe(false);
  });
});

describe("flapping", () => {
  it("marks processes restarted more than the threshold within the window", () => {
    setUp();
    recorder.observe(undefined, running(1), "poll");
    for (let pid = 2; pid <= 4; pid++) {
      clock += 1_000;
      recorder.observe(running(pid - 1), running(pid), "poll");
    }
    expect(recorder.flapping([web])).toEqual(new Map([[web, 3]]));
    clock += 120_000;
    expect(recorder.flapping([web]).size).toBe(0);
  });
});

describe("actions", () => {
  it("record who did it, and are not restarts by the manager", () => {
    setUp();
    recorder.observe(undefined, running(1), "poll");
    recorder.observe(running(1), p({ state: "stopped", rawState: "STOPPED", pid: null }), "action", "alice");
    expect(recorder.timeline(web).items[0]).toMatchObject({ cause: "action", actor: "alice", toState: "stopped" });
    expect(recorder.restartStats(web).sinceFirstSeen.count).toBe(0);
  });
});

describe("a briefly unavailable store", () => {
  it("holds writes in order while the file is locked, and writes them once it is free", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "respawn-rec-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "respawn.db");
    setUp(file, { buffer: { retryMs: 60_000 } });
    const other = new Database(file);
    other.exec("BEGIN EXCLUSIVE");
    recorder.observe(undefined, running(1), "poll");
    recorder.observe(running(1), running(2), "poll");
    expect(recorder.pending).toBe(2);
    expect(recorder.flush()).toBe(false);
    other.exec("COMMIT");
    other.close();
    expect(recorder.flush()).toBe(true);
    expect(recorder.restartStats(web).sinceFirstSeen.count).toBe(1);
  });

  it("drops the oldest writes beyond its bound and says how many", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "respawn-rec-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "respawn.db");
    setUp(file, { buffer: { retryMs: 60_000, max: 3 } });
    const other = new Database(file);
    other.exec("BEGIN EXCLUSIVE");
    for (let pid = 1; pid <= 5; pid++) recorder.observe(pid === 1 ? undefined : running(pid - 1), running(pid), "poll");
    expect([recorder.pending, recorder.dropped]).toEqual([3, 2]);
    other.exec("ROLLBACK");
    other.close();
  });
});

describe("listener event times", () => {
  it("keep a listener's events in the order it sent them, whatever each delivery's delay", () => {
    setUp();
    recorder.recordListenerEvents("h", batch([event("RUNNING", "STARTING", 1, { ageMs: 0 })]));
    // Delivered faster than the first batch: its age alone would put it before the RUNNING.
    recorder.recordListenerEvents("h", batch([event("EXITED", "RUNNING", 1, { ageMs: 5, expected: false })]));
    expect(recorder.timeline(web).items.map((t) => t.rawState)).toEqual(["EXITED", "RUNNING"]);
  });
});
