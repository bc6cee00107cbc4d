import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSupervisordConnector } from "@/lib/connectors/supervisord/connector";
import type { Connector, ProcessInfo } from "@/lib/connectors/types";
import { expectRespawnError, waitFor } from "@/test/contract/connector-contract";
import {
  programCommand,
  startSupervisord,
  type SupervisordInstance,
} from "@/test/harness/supervisord";

const live = () => new AbortController().signal;

describe("supervisord list and controls (real supervisord)", () => {
  let sv: SupervisordInstance;
  let c: Connector;
  let startsFile: string;
  const starts = async () =>
    (await readFile(startsFile, "utf8").catch(() => "")).split("\n").filter(Boolean).length;
  const get = (name: string): Promise<ProcessInfo> => c.getProcess(name, live());

  beforeAll(async () => {
    sv = await startSupervisord({
      programs: [
        { name: "counter", command: programCommand("start-counter.sh", "STARTS") },
        {
          name: "crasher",
          command: programCommand("crash-loop.sh", 4),
          startretries: 2,
          startsecs: 1,
        },
        { name: "oneshot", command: "sh -c 'sleep 1.5; exit 2'", startsecs: 1, autorestart: false },
        { name: "nocmd", command: "/nonexistent/respawn-missing", autostart: false },
        { name: "idle", command: programCommand("sleeper.sh"), autostart: false },
        { name: "w1", command: programCommand("sleeper.sh") },
        { name: "w2", command: programCommand("sleeper.sh") },
      ],
      groups: [{ name: "workers", programs: ["w1", "w2"] }],
    });
    // A relative path: programs run in supervisord's working directory, the instance's folder.
    startsFile = path.join(sv.dir, "STARTS");
    c = createSupervisordConnector("ctl", { socket: sv.socketPath });
  });
  afterAll(async () => {
    await c?.close();
    await sv?.stop();
  });

  it("lists every program with group-qualified names and the shared state words", async () => {
    const list = await waitFor(
      () => c.listProcesses(live()),
      (l) => l.find((p) => p.name === "crasher")?.state === "gave-up",
    );
    const byName = new Map(list.map((p) => [p.name, p]));
    expect([...byName.keys()].sort()).toEqual([
      "counter",
      "crasher",
      "idle",
      "nocmd",
      "oneshot",
      "workers:w1",
      "workers:w2",
    ]);
    expect(byName.get("workers:w1")).toMatchObject({
      group: "workers",
      state: "running",
      manager: "supervisord",
    });
    expect(byName.get("idle")).toMatchObject({ group: null, state: "stopped", pid: null });
    expect(byName.get("crasher")).toMatchObject({ state: "gave-up", rawState: "FATAL" });
    expect(byName.get("crasher")?.spawnError).toMatch(/too quickly/);
  });

  it("shows an unexpected exit as crashed with its exit status", async () => {
    const p = await waitFor(
      () => get("oneshot"),
      (x) => x.rawState === "EXITED",
    );
    expect(p).toMatchObject({ state: "crashed", exitStatus: 2 });
  });

  it("restart really starts the program again (one more start counted) with a new pid", async () => {
    const before = await waitFor(
      () => get("counter"),
      (p) => p.state === "running",
    );
    const counted = await starts();
    const r = await c.control("counter", "restart", live());
    expect(r).toMatchObject({ ok: true, action: "restart", name: "counter" });
    expect(r.message).toBe(`running (pid ${r.process?.pid})`);
    expect(r.process?.pid).not.toBe(before.pid);
    expect(await starts()).toBe(counted + 1);
  });

  it("stop of a stopped program and start of a running one succeed with a plain message", async () => {
    const stop = await c.control("idle", "stop", live());
    expect(stop).toMatchObject({ ok: true });
    expect(stop.message).toMatch(/^not running/);
    const start = await c.control("workers:w2", "start", live());
    expect(start.ok).toBe(true);
    expect(start.message).toMatch(/^already running \(pid \d+\)$/);
  });

  it("a program whose command is missing reports the spawn error, not success", async () => {
    const r = await c.control("nocmd", "start", live());
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^spawn error: .*nonexistent/);
    expect(r.process?.name).toBe("nocmd");
  });

  it("a crash-looper started again goes back to gave-up and says after how many tries", async () => {
    await waitFor(
      () => get("crasher"),
      (p) => p.state === "gave-up",
    );
    const r = await c.control("crasher", "reset-and-start", live());
    expect(r).toMatchObject({ ok: false, action: "reset-and-start" });
    expect(r.message).toMatch(/^gave up after 3 tries/);
    expect(r.process?.state).toBe("gave-up");
  });

  it("group members are controlled by their group:name", async () => {
    const r = await c.control("workers:w1", "stop", live());
    expect(r).toMatchObject({ ok: true, message: "stopped" });
    expect((await get("workers:w1")).state).toBe("stopped");
    expect((await get("workers:w2")).state).toBe("running");
    expect((await c.control("workers:w1", "start", live())).ok).toBe(true);
  });

  it("unknown names are NOT_FOUND for reads, controls and logs", async () => {
    await expectRespawnError(c.getProcess("workers:nope", live()), "NOT_FOUND");
    await expectRespawnError(c.control("nope", "stop", live()), "NOT_FOUND");
    await expectRespawnError(c.readLog("nope", "stdout", {}, live()), "NOT_FOUND");
  });

  it("health reports supervisord's version and state", async () => {
    expect(await c.health(live())).toEqual({ version: "4.2.5", state: "RUNNING" });
  });
});
