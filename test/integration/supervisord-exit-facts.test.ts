import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSupervisordConnector } from "@/lib/connectors/supervisord/connector";
import type { ProcessInfo } from "@/lib/connectors/types";
import { Monitor } from "@/lib/fleet/monitor";
import type { RespawnConfig } from "@/lib/config/schema";
import { createHistory, type History } from "@/lib/history/history";
import { waitFor } from "@/test/contract/connector-contract";
import { programCommand, startSupervisord, type SupervisordInstance } from "@/test/harness/supervisord";

const live = () => new AbortController().signal;

describe("the real exit of every run, from supervisord's own log (real supervisord)", () => {
  let sv: SupervisordInstance;
  let dir: string;
  let history: History;
  let monitor: Monitor;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "respawn-exit-"));
    sv = await startSupervisord({
      programs: [
        { name: "steady", command: programCommand("sleeper.sh"), startsecs: 1 },
        { name: "abrt", command: programCommand("abort-then-fail.sh", path.join(dir, "RUNS")), autostart: false, autorestart: true, startsecs: 1 },
      ],
    });
    history = createHistory({ storePath: path.join(dir, "respawn.db") });
    monitor = new Monitor({
      config: { pollIntervalMs: 100, hosts: [{ id: "h", supervisord: { socket: sv.socketPath, timeoutMs: 2_000, maxResponseBytes: 1 << 22 } }] } as RespawnConfig,
      createConnector: (host) => createSupervisordConnector(host.id, host.supervisord ?? { socket: sv.socketPath }),
      history: history.recorder,
    });
    monitor.start();
  });
  afterAll(async () => {
    await monitor?.stop();
    history?.close();
    await sv?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("SIGABRT, then exit status 1: each shown as it was (not 'exit 0'), on the process and on the timeline's rows", async () => {
    const c = createSupervisordConnector("h", { socket: sv.socketPath });
    const seen: ProcessInfo[] = [];
    const id = () => monitor.snapshot().processes.find((p) => p.name === "abrt")?.id ?? "";
    await waitFor(() => Promise.resolve(id()), (x) => x !== "");
    const started = await monitor.control(id(), "start", "alice");
    expect(started.outcome).toBe("done");
    const last = await waitFor(
      async () => {
        const p = await c.getProcess("abrt", live());
        seen.push(p);
        return p;
      },
      (p) => p.exitStatus === 1 && p.state === "running",
      120,
    );
    expect(last).toMatchObject({ exitStatus: 1, exitSignal: null });
    expect(seen.some((p) => p.exitSignal === "SIGABRT" && p.exitStatus === null)).toBe(true);
    // Never the "exit 0" supervisord's own process info reads while the next run starts.
    expect(seen.filter((p) => p.exitStatus === 0)).toEqual([]);

    const rows = await waitFor(
      async () => {
        history.recorder.flush();
        return history.recorder.timeline(id(), { limit: 50 }).items;
      },
      (items) => items.some((t) => t.exitStatus === 1) && items.some((t) => t.signal === "SIGABRT"),
      60,
    );
    const crashes = rows.filter((t) => t.fromState === "running" && t.toState !== "running" && t.toState !== "stopping");
    expect(crashes.length).toBeGreaterThanOrEqual(2);
    for (const row of crashes) expect(row.exitStatus !== null || row.signal !== null, JSON.stringify(row)).toBe(true);
    // The user's start is on the timeline with who and what: "start by alice".
    expect(rows.find((t) => t.actor === "alice")).toMatchObject({ cause: "action", action: "start" });
    await c.close();
  }, 60_000);

  it("a user's restart on a host without the event listener is the user's, never a crash restart", async () => {
    const id = await waitFor(
      () => Promise.resolve(monitor.snapshot().processes.find((p) => p.name === "steady" && p.state === "running")?.id ?? ""),
      (x) => x !== "",
      60,
    );
    const since = Date.now();
    for (let i = 0; i < 2; i++) expect((await monitor.control(id, "restart", "bob")).outcome).toBe("done");
    history.recorder.flush();
    expect(history.recorder.restartStats(id).lastHour.count).toBe(0);
    const rows = history.recorder.timeline(id, { limit: 50 }).items.filter((t) => t.at >= since);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row, JSON.stringify(row)).toMatchObject({ cause: "action", actor: "bob", action: "restart" });
  }, 60_000);
});
