/**
 * Incidents captured at the moment a process gives up, on a real supervisord and a real systemd
 * user manager: the incident holds the lines written just before, with secrets redacted, and
 * stays readable after the log has been overwritten or the process is gone.
 */
import { chmod, mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RespawnConfig } from "@/lib/config/schema";
import { createConnector } from "@/lib/fleet/connector-factory";
import { Monitor } from "@/lib/fleet/monitor";
import { createHistory, type History } from "@/lib/history/history";
import { startIncidentCapture, type IncidentCapture } from "@/lib/incidents/capture";
import { findIncidents, readIncident } from "@/lib/incidents/incidents";
import { openStore } from "@/lib/store/open-store";
import { programCommand, startSupervisord, type SupervisordInstance } from "@/test/harness/supervisord";
import { installTestUnits, USER_BUS_ADDRESS, waitUntil, type TestUnits } from "@/test/harness/systemd";

let dir: string;
let sv: SupervisordInstance;
let units: TestUnits;
let history: History;
let monitor: Monitor;
let capture: IncidentCapture;

const LEAKY = `#!/bin/sh
echo "attempt $$ connecting to postgres://app:pg-s3cret@db.internal/app"
echo "config loaded: api_key=AKIAPLANTED123 region=eu"
echo "Authorization: Bearer planted.jwt.token-value" >&2
echo "fatal: cannot bind port 8080 (attempt $$)" >&2
exit 7
`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "respawn-incidents-"));
  const leaky = path.join(dir, "leaky.sh");
  await writeFile(leaky, LEAKY);
  await chmod(leaky, 0o755);
  sv = await startSupervisord({
    programs: [
      { name: "crashy", command: programCommand("crash-loop.sh", 5), startretries: 2, startsecs: 1 },
      { name: "leaky", command: leaky, startretries: 2, startsecs: 1 },
    ],
  });
  units = await installTestUnits([]);
  history = createHistory({ storePath: path.join(dir, "respawn.db") });
  const config = RespawnConfig.parse({
    dataDir: dir,
    hosts: [
      {
        id: "box",
        supervisord: { socket: sv.socketPath },
        systemd: { bus: "user", busAddress: USER_BUS_ADDRESS, units: [`${units.prefix}*`] },
      },
    ],
  });
  monitor = new Monitor({ config, createConnector, history: history.recorder });
  capture = startIncidentCapture(monitor, history.store, { recorder: history.recorder, linesPerStream: 500 });
  monitor.start();
});

afterAll(async () => {
  capture?.stop();
  await monitor?.stop();
  history?.close();
  await units?.teardown();
  await sv?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function incidentFor(name: string) {
  await waitUntil(`an incident for ${name}`, async () => {
    await capture.idle();
    return findIncidents(history.store.db, {}).some((i) => i.processName === name);
  }, 300);
  const summary = findIncidents(history.store.db, {}).find((i) => i.processName === name)!;
  return readIncident(history.store.db, summary.id);
}

const textOf = (inc: Awaited<ReturnType<typeof incidentFor>>, stream: string) =>
  inc.snapshot.streams.find((s) => s.stream === stream)?.lines.map((l) => l.text) ?? [];

describe("incident capture on supervisord", () => {
  it("opens an incident when a program gives up, with its last stdout and stderr lines and the reason supervisord gives", async () => {
    const inc = await incidentFor("crashy");
    expect(inc.kind).toBe("gave-up");
    expect(inc.status).toBe("open");
    expect(inc.hostId).toBe("box");
    expect(inc.snapshot.process.state).toBe("gave-up");
    expect(textOf(inc, "stdout")).toContain("crash-loop: starting");
    expect(textOf(inc, "stderr")).toContain("crash-loop: cannot open config");
    // startretries=2: the first start and two retries all wrote their lines before supervisord gave up.
    expect(textOf(inc, "stdout").filter((t) => t === "crash-loop: starting").length).toBeGreaterThanOrEqual(3);
    // supervisord reports no exit status for a program that exits before startsecs: its reason stands in.
    expect(inc.snapshot.process.spawnError).toMatch(/exited too quickly/i);
    expect(inc.snapshot.policy.source).toBe("details");
    expect(inc.snapshot.policy.values).toMatchObject({ startretries: 2 });
    expect(inc.snapshot.timeline.at(-1)?.toState).toBe("gave-up");
  });

  it("redacts planted secrets before storing, with a visible marker, and keeps the lines after the log is overwritten", async () => {
    const inc = await incidentFor("leaky");
    const stored = JSON.stringify(inc);
    for (const secret of ["pg-s3cret", "AKIAPLANTED123", "planted.jwt.token-value"]) expect(stored).not.toContain(secret);
    expect(textOf(inc, "stdout").some((t) => t.includes("postgres://app:[redacted]@db.internal/app"))).toBe(true);
    expect(textOf(inc, "stdout").some((t) => t.includes("api_key=[redacted] region=eu"))).toBe(true);
    expect(textOf(inc, "stderr")).toContain("Authorization: Bearer [redacted]");
    expect(inc.redactions).toBeGreaterThanOrEqual(3);

    // The log is rotated away: the process's own log is now empty, the incident is not.
    await truncate(sv.logPath("leaky", "stdout"), 0);
    await truncate(sv.logPath("leaky", "stderr"), 0);
    await writeFile(sv.logPath("leaky", "stderr"), "something else entirely\n");
    const now = await monitor.readLog(inc.processId, "stdout", { cursor: null, maxBytes: 65_536, maxLines: 500 });
    expect(now.lines.some((l) => l.text.includes("connecting to"))).toBe(false);
    const again = readIncident(history.store.db, inc.id);
    expect(again.snapshot.streams.find((s) => s.stream === "stderr")?.lines.some((l) => l.text.startsWith("fatal: cannot bind port"))).toBe(true);
  });

  it("opens one incident per giving up, not one per poll", async () => {
    await incidentFor("crashy");
    await new Promise((r) => setTimeout(r, 1_500)); // a few polls of a process that stays given up
    await capture.idle();
    expect(findIncidents(history.store.db, {}).filter((i) => i.processName === "crashy")).toHaveLength(1);
  });
});

describe("incident capture on systemd", () => {
  it("opens an incident when a unit hits its start limit, with the journal lines, readable once the unit is gone", async () => {
    await units.systemctl("start", units.names.crashloop).catch(() => undefined);
    const inc = await incidentFor(units.names.crashloop);
    expect(inc.manager).toBe("systemd");
    expect(inc.snapshot.process.state).toBe("gave-up");
    const journal = textOf(inc, "journal");
    // The attempts' lines reach journald through each run's stdout stream, the last one possibly
    // a moment after systemd gave up: the capture must hold the line of the attempts it saw.
    expect(journal).toContain("crashing now");
    expect(inc.snapshot.exits.some((e) => e.exitStatus === 3)).toBe(true);
    expect(inc.snapshot.policy.values).toMatchObject({ startLimitBurst: 3, restart: "always" });
    expect(JSON.stringify(inc.snapshot)).not.toContain("unitFile");

    // The unit is removed and the dashboard stopped: a fresh connection to the store still shows it all.
    await units.teardown();
    const fresh = openStore(path.join(dir, "respawn.db"));
    try {
      expect(textOf(readIncident(fresh.db, inc.id), "journal")).toEqual(journal);
    } finally {
      fresh.close();
    }
  });
});
