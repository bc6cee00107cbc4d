import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SystemdEndpoint } from "@/lib/config/schema";
import { createSystemdConnector } from "@/lib/connectors/systemd/connector";
import type { Connector } from "@/lib/connectors/types";
import type { RespawnConfig } from "@/lib/config/schema";
import { Monitor } from "@/lib/fleet/monitor";
import { createHistory } from "@/lib/history/history";
import { encodeProcessId } from "@/lib/util/ids";
import { waitFor } from "@/test/contract/connector-contract";
import { ensureUserManager, systemctl, USER_BUS_ADDRESS } from "@/test/harness/systemd";

const live = () => new AbortController().signal;
const DEMO = fileURLToPath(new URL("../../demo", import.meta.url));
const unitDir = () => path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), ".config"), "systemd", "user");

/** Installs the demo's crash-looping gateway unit under a fresh name, as scripts/demo.sh does. */
async function installDemoUnit(prefix: string, suffix: string): Promise<string> {
  const text = await readFile(path.join(DEMO, "units", "respawn-demo-gateway.service"), "utf8");
  const name = `${prefix}gateway${suffix}.service`;
  await writeFile(path.join(unitDir(), name), text.replaceAll("@PROGRAMS@", path.join(DEMO, "programs")));
  return name;
}

describe("a systemd start is done only once the unit stayed up (real user manager, the demo's crash-looping unit)", () => {
  const prefix = `rsp-${randomBytes(3).toString("hex")}-`;
  const steady = `${prefix}steady.service`;
  const looper = `${prefix}looper.service`;
  const pidsFile = path.join(tmpdir(), `${prefix}looper.pids`);
  let gateways: string[] = [];
  let c: Connector;

  beforeAll(async () => {
    await ensureUserManager();
    gateways = [await installDemoUnit(prefix, "1"), await installDemoUnit(prefix, "2")];
    await writeFile(
      path.join(unitDir(), looper),
      `[Unit]\nStartLimitIntervalSec=60\nStartLimitBurst=3\n[Service]\nExecStart=/bin/sh -c 'echo $$$$ >> ${pidsFile}; exit 3'\nRestart=on-failure\nRestartSec=1\n`,
    );
    await writeFile(path.join(unitDir(), steady), "[Service]\nExecStart=/bin/sleep infinity\nRestart=on-failure\nRestartSec=1\n");
    await systemctl("daemon-reload");
    c = createSystemdConnector("settle", SystemdEndpoint.parse({ bus: "user", busAddress: USER_BUS_ADDRESS, units: [`${prefix}*`] }));
    await systemctl("start", ...gateways, looper).catch(() => undefined);
    for (const g of [...gateways, looper]) await waitFor(() => c.getProcess(g, live()), (p) => p.state === "gave-up", 120);
  });
  afterAll(async () => {
    await c?.close();
    const all = [...gateways, steady, looper];
    await rm(pidsFile, { force: true });
    await systemctl("stop", ...all).catch(() => undefined);
    await systemctl("reset-failed", ...all).catch(() => undefined);
    for (const u of all) await rm(path.join(unitDir(), u), { force: true });
    await systemctl("daemon-reload").catch(() => undefined);
  });

  it("counts the restarts systemd made before Respawn first saw the unit (NRestarts), not 0", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "respawn-first-sight-"));
    const history = createHistory({ storePath: path.join(dir, "respawn.db") });
    const endpoint = SystemdEndpoint.parse({ bus: "user", busAddress: USER_BUS_ADDRESS, units: [`${prefix}*`] });
    const monitor = new Monitor({
      config: { pollIntervalMs: 500, hosts: [{ id: "settle", systemd: endpoint }] } as RespawnConfig,
      createConnector: () => createSystemdConnector("settle", endpoint),
      history: history.recorder,
    });
    try {
      monitor.start();
      const shown = await waitFor(
        () => Promise.resolve(monitor.snapshot().processes.find((p) => p.name === gateways[0])),
        (p) => (p?.history?.lastHour.count ?? 0) >= 3,
        60,
      );
      expect(shown?.history?.lastHour.count).toBe(shown?.restarts);
      // Times before the first sight are unknown, so the windows say "at least".
      expect(shown?.history?.lastHour.exact).toBe(false);
    } finally {
      await monitor.stop();
      history.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("reset-and-start of a unit that fails again is failed, saying what happened (not '✓ done — starting')", async () => {
    const r = await c.control(gateways[0] ?? "", "reset-and-start", live());
    expect(r.outcome).toBe("failed");
    expect(r.ok).toBe(false);
    expect(r.process?.state).toBe("gave-up");
    const said = /^started, failed again (\d+) times, start limit hit \(last exit status 78\)$/.exec(r.message);
    expect(said, r.message).not.toBeNull();
    // The manager agrees: it gave up again, after as many restarts as it says (its burst is 3;
    // a daemon-reload by anyone on the shared manager resets the start limit's count).
    const shown = await systemctl("show", "-p", "NRestarts,ActiveState", gateways[0] ?? "");
    expect(shown).toMatch(/ActiveState=failed/);
    expect(shown).toContain(`NRestarts=${said?.[1]}`);
    expect(Number(said?.[1])).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it("a unit that stays up is done after its settle window, with its pid", async () => {
    const t0 = Date.now();
    const r = await c.control(steady, "start", live());
    expect(r.outcome).toBe("done");
    expect(r.message).toMatch(/^running \(pid \d+\), up for 3 s$/);
    // RestartSec=1 gives a window of 2 × 1 s + 1 s: the answer came no sooner.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(3_000);
    expect((await systemctl("show", "-p", "ActiveState", "--value", steady)).trim()).toBe("active");
  }, 60_000);

  it("restart of a unit that stays up is done; stop is done once inactive", async () => {
    const r = await c.control(steady, "restart", live());
    expect(r.outcome).toBe("done");
    const s = await c.control(steady, "stop", live());
    expect(s).toMatchObject({ outcome: "done", message: "stopped" });
  }, 60_000);

  it("every run of a crash loop after a user's reset-and-start is on the timeline with its own pid, counted as the manager's restarts", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "respawn-loop-"));
    const history = createHistory({ storePath: path.join(dir, "respawn.db") });
    const endpoint = SystemdEndpoint.parse({ bus: "user", busAddress: USER_BUS_ADDRESS, units: [`${prefix}*`] });
    const monitor = new Monitor({
      config: { pollIntervalMs: 5_000, hosts: [{ id: "settle", systemd: endpoint }] } as RespawnConfig,
      createConnector: () => createSystemdConnector("settle", endpoint),
      history: history.recorder,
    });
    try {
      monitor.start();
      const id = encodeProcessId({ hostId: "settle", manager: "systemd", name: looper });
      const seen = await waitFor(() => Promise.resolve(monitor.snapshot().processes.find((p) => p.id === id)), (p) => p?.state === "gave-up", 60);
      const firstSight = seen?.restarts ?? 0;
      await writeFile(pidsFile, "");
      const r = await monitor.control(id, "reset-and-start", "alice");
      expect(r.outcome).toBe("failed");
      const pids = (await readFile(pidsFile, "utf8")).split("\n").filter(Boolean).map(Number);
      expect(pids.length).toBeGreaterThanOrEqual(3);
      history.recorder.flush();
      const rows = history.recorder.timeline(id, { limit: 100 }).items;
      const ended = rows.filter((t) => t.exitStatus === 3).map((t) => t.pid);
      // The manager's word (the pids its runs wrote) is the oracle: each run is there, with its code.
      for (const pid of pids) expect(ended, JSON.stringify(rows)).toContain(pid);
      expect(rows.find((t) => t.actor === "alice")).toMatchObject({ action: "reset-and-start", cause: "action" });
      // The restarts before Respawn first saw it (NRestarts then), and each one after the user's reset-and-start.
      const nRestarts = Number((await systemctl("show", "-p", "NRestarts", "--value", looper)).trim());
      expect(history.recorder.restartStats(id).lastHour.count).toBe(firstSight + nRestarts);
    } finally {
      await monitor.stop();
      history.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("start of a unit that gave up is refused by its start limit: failed, with why", async () => {
    const r = await c.control(gateways[1] ?? "", "start", live());
    expect(r.outcome).toBe("failed");
    expect(r.message).toMatch(/start limit|failed again/);
  }, 60_000);
});
