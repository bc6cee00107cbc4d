/**
 * The journal backfill on a real systemd user manager and journald: restarts by policy that
 * happened while the dashboard was down are found in the journal, added once, and make the
 * count exact again.
 *
 * The user manager on these test machines logs nothing to the journal (its own messages never
 * reach journald), so for each restart it really makes, the test writes the message systemd
 * writes on a normal host — same MESSAGE_ID, USER_UNIT and N_RESTARTS — into the real journald
 * through its native protocol (`logger --journald`). Everything Respawn does is real: journalctl,
 * parsing, matching to the unit, recording.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SystemdEndpoint } from "@/lib/config/schema";
import { createSystemdConnector } from "@/lib/connectors/systemd/connector";
import type { Connector, ProcessInfo } from "@/lib/connectors/types";
import { backfillSystemdRestarts, journalGapStart } from "@/lib/history/journal-backfill";
import { RESTART_MESSAGE_ID } from "@/lib/history/journal-restarts";
import { createHistoryRecorder, type HistoryRecorder } from "@/lib/history/recorder";
import { openStore, type Store } from "@/lib/store/open-store";
import { installTestUnits, mainPid, USER_BUS_ADDRESS, waitUntil, type TestUnits } from "@/test/harness/systemd";

let units: TestUnits;
let dir: string;

/** One poll of the endpoint, each process observed against the previous poll (as the monitor does). */
async function pollOnce(connector: Connector, recorder: HistoryRecorder, current: Map<string, ProcessInfo>) {
  for (const p of await connector.listProcesses(AbortSignal.timeout(5_000))) {
    recorder.observe(current.get(p.id), p, "poll");
    current.set(p.id, p);
  }
}

async function killAndWaitRestart(unit: string): Promise<void> {
  const pid = await mainPid(unit);
  process.kill(pid, "SIGKILL");
  await waitUntil(`${unit} restarted`, async () => {
    const now = await mainPid(unit);
    return now > 0 && now !== pid;
  }, 300);
  const counter = Number((await units.systemctl("show", "-p", "NRestarts", "--value", unit)).trim());
  await logRestartAsSystemdDoes(unit, counter);
}

/** The entry systemd writes for a restart by policy ("Scheduled restart job, restart counter is at N."). */
async function logRestartAsSystemdDoes(unit: string, counter: number): Promise<void> {
  const fields = [
    `MESSAGE_ID=${RESTART_MESSAGE_ID}`,
    `USER_UNIT=${unit}`,
    `N_RESTARTS=${counter}`,
    `MESSAGE=${unit}: Scheduled restart job, restart counter is at ${counter}.`,
  ];
  await new Promise<void>((resolve, reject) => {
    const child = execFile("logger", ["--journald"], (e) => (e ? reject(e) : resolve()));
    child.stdin?.end(fields.join("\n") + "\n");
  });
}

beforeAll(async () => {
  units = await installTestUnits(["healthy"]);
  // Several kills in a few seconds would hit systemd's default start limit: lift it.
  const config = process.env.XDG_CONFIG_HOME ?? path.join(homedir(), ".config");
  const dropIn = path.join(config, "systemd", "user", `${units.names.healthy}.d`);
  await mkdir(dropIn, { recursive: true });
  await writeFile(path.join(dropIn, "no-start-limit.conf"), "[Unit]\nStartLimitIntervalSec=0\n");
  await units.systemctl("daemon-reload");
  dir = await mkdtemp(path.join(tmpdir(), "respawn-backfill-"));
  await waitUntil("healthy running", async () => (await mainPid(units.names.healthy)) > 0);
});

afterAll(async () => {
  await units?.teardown();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("journal backfill", () => {
  it("finds the restarts made while the dashboard was down and makes the count exact again", async () => {
    const endpoint = SystemdEndpoint.parse({ bus: "user", busAddress: USER_BUS_ADDRESS, units: [units.names.healthy] });
    const file = path.join(dir, "respawn.db");
    const connector = createSystemdConnector("local", endpoint);
    let store: Store = openStore(file);
    let recorder = createHistoryRecorder(store);
    try {
      await pollOnce(connector, recorder, new Map());
      recorder.close();
      store.close();

      // The dashboard is down: three restarts by policy that nobody watches.
      const missed = 3;
      for (let i = 0; i < missed; i++) await killAndWaitRestart(units.names.healthy);

      store = openStore(file);
      recorder = createHistoryRecorder(store);
      const current = new Map<string, ProcessInfo>();
      await pollOnce(connector, recorder, current);
      const id = [...current.keys()][0]!;
      expect(recorder.restartStats(id).sinceFirstSeen).toMatchObject({ count: 0, exact: false });
      const since = journalGapStart(store.db, "local");
      expect(since).not.toBeNull();

      // journald may take a moment to store the last message: read again until it is there.
      await waitUntil("the missed restarts in the journal", async () => {
        const result = await backfillSystemdRestarts(endpoint, "local", recorder, since!, AbortSignal.timeout(30_000));
        return result.complete && result.restarts >= missed;
      }, 100, 200);
      expect(recorder.restartStats(id).sinceFirstSeen).toMatchObject({ count: missed, exact: true });
      // Reading the same journal again adds nothing.
      await backfillSystemdRestarts(endpoint, "local", recorder, since!, AbortSignal.timeout(30_000));
      expect(recorder.restartStats(id).sinceFirstSeen).toMatchObject({ count: missed, exact: true });
      expect(journalGapStart(store.db, "local")).toBeNull();
    } finally {
      await connector.close();
      recorder.close();
      store.close();
    }
  });
});
