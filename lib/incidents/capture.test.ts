import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LogChunk, ProcessInfo } from "@/lib/connectors/types";
import type { ProcessChangeListener } from "@/lib/fleet/monitor";
import { listIncidents } from "@/lib/store/incidents";
import { openStore, type Store } from "@/lib/store/open-store";
import { startIncidentCapture } from "./capture";
import { changeIncidentStatus, readIncident } from "./incidents";

let store: Store;
beforeEach(() => (store = openStore(":memory:")));
afterEach(() => store.close());

function fakeMonitor(lines: Record<string, string[]>) {
  let listener: ProcessChangeListener = () => undefined;
  return {
    onProcessChange(l: ProcessChangeListener) {
      listener = l;
      return () => (listener = () => undefined);
    },
    async readLog(_id: string, stream: "stdout" | "stderr" | "journal", o: { maxLines?: number }): Promise<LogChunk> {
      const all = lines[stream] ?? [];
      const kept = all.slice(-(o.maxLines ?? 500));
      return { lines: kept.map((text) => ({ text, ts: null, priority: null, stream })), cursor: "0", rotated: false, truncated: kept.length < all.length };
    },
    emit: (prev: ProcessInfo | undefined, next: ProcessInfo) => listener({ prev, next, source: "poll", actor: null }),
  };
}

const proc = (state: ProcessInfo["state"]): ProcessInfo => ({
  id: "box~s~web", hostId: "box", manager: "supervisord", name: "web", group: null, state, rawState: state === "gave-up" ? "FATAL" : "BACKOFF",
  description: "", pid: null, since: 1, exitStatus: 2, exitSignal: null, spawnError: null, restarts: null, logs: ["stdout", "stderr"],
  details: { startretries: 3, unrelated: "x" },
});

describe("startIncidentCapture", () => {
  it("opens one incident per giving up, with the bounded tail of each stream", async () => {
    const m = fakeMonitor({ stdout: Array.from({ length: 30 }, (_, i) => `line ${i}`), stderr: ["token=abcdef boom"] });
    const capture = startIncidentCapture(m, store, { linesPerStream: 10, settleMs: 0 });
    m.emit(proc("starting"), proc("gave-up"));
    m.emit(proc("gave-up"), proc("gave-up"));
    await capture.idle();
    const [only, ...rest] = listIncidents(store.db);
    expect(rest).toHaveLength(0);
    const inc = readIncident(store.db, only!.id);
    expect(inc.snapshot.streams[0]!.lines.map((l) => l.text)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${i + 20}`));
    expect(inc.snapshot.streams[0]!.truncated).toBe(true);
    expect(inc.snapshot.streams[1]!.lines[0]).toEqual({ n: 11, text: "token=[redacted] boom", ts: null, priority: null });
    expect(inc.snapshot.policy).toEqual({ source: "details", values: { startretries: 3 } });

    // Gives up again while its incident is open (a reset-and-start that failed): added to it.
    for (let i = 0; i < 3; i++) {
      m.emit(proc("gave-up"), proc("starting"));
      m.emit(proc("starting"), { ...proc("gave-up"), exitStatus: 10 + i });
      await capture.idle();
    }
    expect(listIncidents(store.db)).toHaveLength(1);
    const relapses = readIncident(store.db, only!.id).snapshot.relapses ?? [];
    expect(relapses.map((r) => r.exitStatus)).toEqual([10, 11, 12]);

    // Once resolved, giving up again is a new episode: a new incident.
    changeIncidentStatus(store.db, only!.id, "resolved", "alice");
    m.emit(proc("gave-up"), proc("starting"));
    m.emit(proc("starting"), proc("gave-up"));
    await capture.idle();
    expect(listIncidents(store.db)).toHaveLength(2);
  });

  it("does not open a second incident for a process first seen already given up (a restart of Respawn)", async () => {
    const m = fakeMonitor({ stdout: ["x"] });
    const capture = startIncidentCapture(m, store, { settleMs: 0 });
    m.emit(undefined, proc("gave-up"));
    await capture.idle();
    m.emit(undefined, proc("gave-up"));
    await capture.idle();
    expect(listIncidents(store.db)).toHaveLength(1);
  });

  it("uses the policy reader when there is one, and keeps the lines when a stream cannot be read", async () => {
    const m = fakeMonitor({ stdout: ["kept"] });
    m.readLog = async (_id, stream) => {
      if (stream === "stderr") throw new Error("socket closed");
      return { lines: [{ text: "kept", ts: null, priority: null, stream }], cursor: "0", rotated: false, truncated: false };
    };
    const capture = startIncidentCapture(m, store, { readPolicy: async () => ({ startretries: 5 }), settleMs: 0 });
    m.emit(proc("starting"), proc("gave-up"));
    await capture.idle();
    const inc = readIncident(store.db, listIncidents(store.db)[0]!.id);
    expect(inc.snapshot.policy).toEqual({ source: "policy", values: { startretries: 5 } });
    expect(inc.snapshot.streams[1]!.error).toMatch(/could not be read/);
    expect(inc.snapshot.streams[0]!.lines[0]!.text).toBe("kept");
  });
});
