/**
 * History on a real systemd user manager: a unit restarted by its policy (Restart=always) is
 * counted exactly from NRestarts, the counts survive a restart of the dashboard, and restarts
 * missed while it was down turn the count into "at least" instead of silently being lost.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SystemdEndpoint } from "@/lib/config/schema";
import { createSystemdConnector } from "@/lib/connectors/systemd/connector";
import type { Connector, ProcessInfo } from "@/lib/connectors/types";
import { createHistoryRecorder, type HistoryRecorder } from "@/lib/history/recorder";
import { openStore, type Store } from "@/lib/store/open-store";
import { installTestUnits, mainPid, USER_BUS_ADDRESS, waitUntil, type TestUnits } from "@/test/harness/systemd";

let units: TestUnits;
let dir: string;

/** What the monitor does for one endpoint: signals and polls update one picture, and each change is observed. */
function watch(connector: Connector, recorder: HistoryRecorder) {
  const current = new Map<string, ProcessInfo>();
  const apply = (p: ProcessInfo, source: "signal" | "poll") => {
    recorder.observe(current.get(p.id), p, source);
    current.set(p.id, p);
  };
  const off = connector.subscribe((e) => {
    if (e.type === "process") apply(e.process, "signal");
  });
  let on = true;
  const loop = (async () => {
    while (on) {
      try {
        for (const p of await connector.listProcesses(AbortSignal.timeout(5_000))) apply(p, "poll");
      } catch {
        // the next poll catches up
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  })();
  return {
    current,
    async stop() {
      on = false;
      off();
      await loop;
    },
  };
}

async function killAndWaitRestart(unit: string): Promise<void> {
  const pid = await mainPid(unit);
  process.kill(pid, "SIGKILL");
  await waitUntil(`${unit} restarted`, async () => {
    const now = await mainPid(unit);
    return now > 0 && now !== pid;
  }, 300);
}

beforeAll(async () => {
  units = await installTestUnits(["healthy"]);
  // Six kills in a few seconds would hit systemd's default start limit (5 in 10 s): lift it.
  const config = process.env.XDG_CONFIG_HOME ?? path.join(homedir(), ".config");
  const dropIn = path.join(config, "systemd", "user", `${units.names.healthy}.d`);
  await mkdir(dropIn, { recursive: true });
  await writeFile(path.join(dropIn, "no-start-limit.conf"), "[Unit]\nStartLimitIntervalSec=0\n");
  await units.systemctl("daemon-reload");
  dir = await mkdtemp(path.join(tmpdir(), "respawn-hist-sd-"));
  await waitUntil("healthy running", async () => (await mainPid(units.names.healthy)) > 0);
});

afterAll(async () => {
  await units?.teardown();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("systemd restart history", () => {
  it("counts restarts by policy exactly, keeps them across a dashboard restart, and admits what it missed", async () => {
    const file = path.join(dir, "respawn.db");
    const endpoint = SystemdEndpoint.parse({ bus: "user", busAddress: USER_BUS_ADDRESS, units: [units.names.healthy] });
    const open = () => {
      const store: Store = openStore(file);
      const recorder = createHistoryRecorder(store);
      const connector = createSystemdConnector("local", endpoint);
      return { store, recorder, connector, watcher: watch(connector, recorder) };
    };
    const close = async (s: ReturnType<typeof open>) => {
      await s.watcher.stop();
      await s.connector.close();
      s.recorder.close();
      s.store.close();
    };
    const observed = (s: ReturnType<typeof open>, n: number) =>
      waitUntil(`NRestarts=${n} observed`, async () => [...s.watcher.current.values()].some((p) => p.restarts === n), 300);

    let s = open();
    await waitUntil("first sight", async () => s.watcher.current.size === 1, 300);
    const id = [...s.watcher.current.keys()][0]!;
    const base = [...s.watcher.current.values()][0]!.restarts ?? 0;
    for (let i = 0; i < 3; i++) await killAndWaitRestart(units.names.healthy);
    await observed(s, base + 3);
    expect(s.recorder.restartStats(id).sinceFirstSeen).toMatchObject({ count: 3, exact: true });
    expect(s.recorder.timeline(id).items.length).toBeGreaterThan(0);
    await close(s);

    // The dashboard is down: two more restarts happen that nobody watches.
    for (let i = 0; i < 2; i++) await killAndWaitRestart(units.names.healthy);

    s = open();
    await observed(s, base + 5);
    const after = s.recorder.restartStats(id);
    expect(after.sinceFirstSeen.count).toBe(3); // history survived; the two missed are not invented
    expect(after.sinceFirstSeen.exact).toBe(false); // …and the count says so
    await killAndWaitRestart(units.names.healthy);
    await observed(s, base + 6);
    expect(s.recorder.restartStats(id).sinceFirstSeen).toMatchObject({ count: 4, exact: false });
    await close(s);
  });
});
