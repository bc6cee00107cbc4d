import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RespawnConfig } from "@/lib/config/schema";
import { createFakeConnector, type FakeConnector } from "@/lib/connectors/fake/fake-connector";
import { createHistory, type History } from "@/lib/history/history";
import { Monitor } from "./monitor";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until<T>(read: () => T | undefined | false | null, what: string, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function setup(dir: string): { monitor: Monitor; fake: FakeConnector; history: History } {
  const history = createHistory({ storePath: path.join(dir, "respawn.db"), flapThreshold: 2, flapWindowMs: 60_000 });
  let fake!: FakeConnector;
  const monitor = new Monitor({
    config: { pollIntervalMs: 50, hosts: [{ id: "a", supervisord: { socket: "/x", timeoutMs: 500, maxResponseBytes: 1 << 20 } }] } as RespawnConfig,
    createConnector: (host) => (fake = createFakeConnector({ hostId: host.id, processes: [{ name: "web", state: "running", pid: 10, since: 1 }] })),
    history: history.recorder,
  });
  monitor.start();
  return { monitor, fake, history };
}

describe("the monitor with history", () => {
  it("counts restarts seen by polling, marks flapping, and keeps them across a restart of Respawn", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "respawn-mh-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = setup(dir);
    const web = () => first.monitor.snapshot().processes.find((p) => p.name === "web");
    await until(() => web()?.state === "running", "first poll");
    for (let pid = 11; pid <= 13; pid++) {
      first.fake.setState("web", "crashed", { pid: null, exitStatus: 1 });
      await until(() => web()?.state === "crashed", "crash seen");
      first.fake.setState("web", "running", { pid, since: pid });
      await until(() => web()?.pid === pid, "restart seen");
    }
    const history = await until(() => (web()?.history?.lastHour.count ?? 0) >= 3 && web()?.history, "3 restarts counted");
    expect(history.lastHour).toEqual({ count: 3, exact: false });
    expect(history.flapping).toBe(true);
    expect(history.hint).toMatch(/event listener/);
    await first.monitor.stop();
    first.history.close();

    const second = setup(dir);
    cleanups.push(async () => {
      await second.monitor.stop();
      second.history.close();
    });
    const again = await until(() => second.monitor.snapshot().processes.find((p) => p.name === "web"), "web after restart");
    expect(again.history?.sinceFirstSeen.count).toBe(3);
    const timeline = second.history.recorder.timeline(again.id).items;
    expect(timeline.filter((t) => t.toState === "crashed")).toHaveLength(3);
  });
});
