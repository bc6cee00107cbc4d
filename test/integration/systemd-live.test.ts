import { readdir, readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SystemdEndpoint } from "@/lib/config/schema";
import { createSystemdConnector } from "@/lib/connectors/systemd/connector";
import type { Connector, ConnectorEvent, LogChunk } from "@/lib/connectors/types";
import { expectRespawnError, waitFor } from "@/test/contract/connector-contract";
import { installTestUnits, mainPid, recordEvents, USER_BUS_ADDRESS, type TestUnits } from "@/test/harness/systemd";

const live = () => new AbortController().signal;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

let units: TestUnits;
let connector: Connector;
let rec: ReturnType<typeof recordEvents<ConnectorEvent>>;

const isProcess = (name: string, ok: (p: Extract<ConnectorEvent, { type: "process" }>["process"]) => boolean) => (e: ConnectorEvent) =>
  e.type === "process" && e.process.name === name && ok(e.process);

beforeAll(async () => {
  units = await installTestUnits(["healthy", "noisy", "hostile"]);
  connector = createSystemdConnector(
    "local",
    SystemdEndpoint.parse({ bus: "user", busAddress: USER_BUS_ADDRESS, units: [`${units.prefix}*`] }),
  );
  rec = recordEvents(connector);
  await connector.listProcesses(live());
});

afterAll(async () => {
  rec?.stop();
  await connector?.close();
  await units?.teardown();
});

describe("systemd connector on a real user manager", () => {
  it("lists the units with JSON-safe values and keeps a hostile description verbatim", async () => {
    const list = await connector.listProcesses(live());
    // crashloop is installed but was never started: listed from its unit file, stopped.
    expect(list.map((p) => p.name).sort()).toEqual(Object.values(units.names).sort());
    expect(list.find((p) => p.name === units.names.crashloop)).toMatchObject({ state: "stopped", details: { unitFileState: "static" } });
    expect(() => JSON.stringify(list)).not.toThrow();
    const hostile = list.find((p) => p.name === units.names.hostile);
    expect(hostile?.description).toBe("<img src=x onerror=alert(1)>");
    const healthy = list.find((p) => p.name === units.names.healthy);
    expect(healthy?.details).toMatchObject({ restart: "always", restartMs: 200, unitFile: expect.stringContaining(units.names.healthy) });
    expect(healthy?.logs).toEqual(["journal"]);
  });

  it("a killed main process reaches subscribers by signal, without any read in between", async () => {
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const pid = await waitFor(() => mainPid(units.names.healthy), (p) => p > 0);
      const t0 = performance.now();
      process.kill(pid, "SIGKILL");
      const first = await rec.next(isProcess(units.names.healthy, (p) => p.pid !== pid), "a change after the kill");
      delays.push(first.at - t0);
      await rec.nextSince(0, isProcess(units.names.healthy, (p) => p.state === "running" && p.pid !== pid), "running again");
    }
    console.log(`signal-to-event delay over the user bus, median of ${delays.length}: ${median(delays).toFixed(1)} ms`);
    expect(delays).toHaveLength(5);
  });

  it("stop and start are reported live", async () => {
    const stopped = rec.next(
      (e) => (e.type === "removed" && e.name === units.names.healthy) || isProcess(units.names.healthy, (p) => p.state === "stopped")(e),
      "stopped or removed",
    );
    expect((await connector.control(units.names.healthy, "stop", live())).ok).toBe(true);
    await stopped;
    const started = rec.next(isProcess(units.names.healthy, (p) => p.state === "running"), "running");
    const result = await connector.control(units.names.healthy, "start", live());
    // Done only once the unit stayed up for its settle window, and the message says for how long.
    expect(result.outcome).toBe("done");
    expect(result.message).toMatch(/^running \(pid \d+\), up for [\d.]+ s$/);
    await started;
  });

  it("the crash-looper ends as gave-up; restart is refused plainly; reset-and-start runs it again and says it failed again", async () => {
    const name = units.names.crashloop;
    const gaveUp = rec.next(isProcess(name, (p) => p.state === "gave-up"), "gave-up");
    await connector.control(name, "start", live());
    const ev = (await gaveUp).event;
    expect(ev.type === "process" && ev.process.restarts).toBe(3);
    const refused = await connector.control(name, "restart", live());
    expect(refused.ok).toBe(false);
    expect(refused.message).toBe("the restart job failed: the unit hit its start limit");
    expect(refused.process?.state).toBe("gave-up");
    const ranAgain = rec.next(isProcess(name, (p) => p.state !== "gave-up"), "out of gave-up after the reset");
    const back = await connector.control(name, "reset-and-start", live());
    await ranAgain;
    // The unit crashes on every start: the reset ran, but it never settled, so the answer is failed.
    expect(back.outcome).toBe("failed");
    expect(back.ok).toBe(false);
    expect(back.message).toMatch(/start limit hit/);
    expect(back.process?.state).toBe("gave-up");
  });

  it("the journal tail holds the long line whole and decodes the non-UTF-8 line", async () => {
    const chunk = await waitFor(
      () => connector.readLog(units.names.noisy, "journal", { maxLines: 500 }, live()),
      (c) => c.lines.some((l) => l.text.startsWith("bad bytes")),
    );
    const long = chunk.lines.find((l) => l.text.startsWith("long:"));
    expect(long?.text).toMatch(/^long:0{5000}:end$/);
    expect(chunk.lines.find((l) => l.text.startsWith("bad bytes"))?.text).toBe("bad bytes \uFFFD\uFFFD here");
    expect(chunk.lines.every((l) => l.stream === "journal" && l.priority === 6 && typeof l.ts === "number")).toBe(true);
  });

  it("reads on from a cursor, follows new lines, and ends journalctl on abort", async () => {
    const tail = await connector.readLog(units.names.noisy, "journal", { maxLines: 1 }, live());
    const lineNo = (c: LogChunk) => Number(/noisy line (\d+)/.exec(c.lines.at(-1)?.text ?? "")?.[1]);
    const after = await waitFor(
      () => connector.readLog(units.names.noisy, "journal", { cursor: tail.cursor, maxLines: 3 }, live()),
      (c) => c.lines.length > 0,
    );
    expect(lineNo(after)).toBeGreaterThan(lineNo(tail));
    expect(after.lines.length).toBeLessThanOrEqual(3);
    const ac = new AbortController();
    const seen: string[] = [];
    for await (const c of connector.followLog(units.names.noisy, "journal", after.cursor, ac.signal)) {
      seen.push(...c.lines.map((l) => l.text));
      if (seen.length >= 3) ac.abort();
    }
    expect(seen.slice(0, 3).every((t) => t.startsWith("noisy line"))).toBe(true);
    await waitFor(journalctlFollowers, (n) => n === 0, 50, 100);
  });

  it("refuses option- or path-like unit names and streams a unit does not have", async () => {
    await expectRespawnError(connector.getProcess("-x.service", live()), "INVALID");
    await expectRespawnError(connector.readLog("../etc.service", "journal", {}, live()), "INVALID");
    await expectRespawnError(connector.readLog(units.names.noisy, "stdout", {}, live()), "INVALID");
    await expectRespawnError(connector.followLog("--all", "journal", "", live())[Symbol.asyncIterator]().next(), "INVALID");
    await expectRespawnError(connector.control("dbus.service", "stop", live()), "NOT_FOUND");
  });
});

/** journalctl -f processes of this test's noisy unit still alive. */
async function journalctlFollowers(): Promise<number> {
  let n = 0;
  for (const pid of await readdir("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const cmd = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (/^(\/[^\0]*\/)?journalctl\0/.test(cmd) && cmd.includes("\0-f\0") && cmd.includes(units.names.noisy)) n++;
  }
  return n;
}
