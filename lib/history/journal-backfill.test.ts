import { describe, expect, it } from "vitest";
import type { SystemdEndpoint } from "@/lib/config/schema";
import { resolveProgram } from "@/lib/util/programs";
import { createLocalRunner, type CommandRunner } from "@/lib/connectors/journal/command";
import { openStore } from "@/lib/store/open-store";
import { RespawnError } from "@/lib/util/errors";
import {
  backfillSystemdRestarts,
  buildBackfillArgs,
  journalFirstSightStart,
  journalGapStart,
  journalRunner,
  FIRST_SIGHT_LOOKBACK_MS,
  parseJsonLines,
  readJournalLines,
} from "./journal-backfill";
import { RESTART_MESSAGE_ID, type JournalRestart } from "./journal-restarts";
import { createHistoryRecorder } from "./recorder";
import { processInfo } from "./test-process";

const endpoint: SystemdEndpoint = { bus: "user", units: ["app-*.service"], excludeUnits: [], timeoutMs: 5_000 };
const SINCE = 1_700_000_000_000;

function restartLine(unit: string, atMs: number, cursor: string, field: "USER_UNIT" | "UNIT" = "USER_UNIT"): string {
  return JSON.stringify({
    __CURSOR: cursor,
    __REALTIME_TIMESTAMP: String(atMs * 1000),
    MESSAGE_ID: RESTART_MESSAGE_ID,
    MESSAGE: `${unit}: Scheduled restart job, restart counter is at 2.`,
    [field]: unit,
    N_RESTARTS: "2",
  });
}

/** Runs a small Node program in place of journalctl: it prints `lines`, then exits with `code`. */
function scriptRunner(lines: string[], code = 0, hangMs = 0): CommandRunner & { argv: string[][] } {
  const argv: string[][] = [];
  const script = `
    const lines = JSON.parse(process.env.LINES);
    process.stdout.write(lines.map((l) => l + "\\n").join(""));
    process.stderr.write("journalctl: something failed\\n");
    setTimeout(() => process.exit(${code}), ${hangMs});`;
  const local = createLocalRunner("h");
  return {
    argv,
    toSpawn(a) {
      argv.push(a);
      process.env.LINES = JSON.stringify(lines);
      return { command: process.execPath, args: ["-e", script] };
    },
    describeFailure: local.describeFailure,
  };
}

function recorderSpy() {
  const calls: { hostId: string; restarts: readonly JournalRestart[]; readFrom?: number }[] = [];
  return {
    calls,
    backfillFromJournal(hostId: string, restarts: readonly JournalRestart[], readFrom?: number) {
      calls.push({ hostId, restarts, readFrom });
    },
  };
}

const limits = { timeoutMs: 10_000, maxEntries: 1000, maxBytes: 1024 * 1024 };

describe("journal backfill", () => {
  it("asks journalctl for restart messages since the gap, as an argument array with the time in seconds", () => {
    expect(buildBackfillArgs(SINCE + 999)).toEqual([
      "journalctl",
      "-o",
      "json",
      "--all",
      "--no-pager",
      "MESSAGE_ID=5eb03494b6584870a536b337290809b3",
      "--since=@1700000000",
    ]);
  });

  it("reads the remote journal over ssh for an ssh endpoint, locally otherwise", () => {
    const ssh: SystemdEndpoint = { ...endpoint, bus: "ssh", ssh: { host: "db.example.com", port: 22, user: "ops" } };
    const remote = journalRunner(ssh, "db").toSpawn(buildBackfillArgs(SINCE));
    expect(remote.command).toBe(resolveProgram("ssh").path);
    expect(remote.args.at(-1)).toBe(
      "journalctl -o json --all --no-pager MESSAGE_ID=5eb03494b6584870a536b337290809b3 --since=@1700000000",
    );
    expect(journalRunner(endpoint, "h").toSpawn(["journalctl", "-q"])).toEqual({ command: resolveProgram("journalctl").path, args: ["-q"] });
  });

  it("skips lines that are not JSON", () => {
    expect(parseJsonLines(['{"a":1}', "{cut", ""])).toEqual([{ a: 1 }]);
  });

  it("hands the restarts of shown units to the recorder and marks the gap covered", async () => {
    const runner = scriptRunner([
      restartLine("app-web.service", SINCE + 5_000, "c1"),
      restartLine("app-db.service", SINCE + 7_000, "c2", "UNIT"),
      restartLine("other.service", SINCE + 8_000, "c3"),
      "not json",
      JSON.stringify({ __CURSOR: "c4", __REALTIME_TIMESTAMP: "1", MESSAGE: "hello" }),
    ]);
    const spy = recorderSpy();
    const read = await readJournalLines(runner, buildBackfillArgs(SINCE), limits, AbortSignal.timeout(10_000), "h");
    expect(read).toMatchObject({ complete: true });
    expect(read.lines).toHaveLength(5);

    const result = await backfillWith(runner, spy);
    expect(result).toEqual({ restarts: 2, complete: true });
    expect(spy.calls).toEqual([
      {
        hostId: "h",
        readFrom: SINCE,
        restarts: [
          { unit: "app-web.service", at: SINCE + 5000, cursor: "c1", counter: 2 },
          { unit: "app-db.service", at: SINCE + 7000, cursor: "c2", counter: 2 },
        ],
      },
    ]);
  });

  it("keeps what it read but leaves the gap open when a limit cuts the read short", async () => {
    const lines = Array.from({ length: 20 }, (_, i) => restartLine("app-web.service", SINCE + i * 1000, `c${i}`));
    const read = await readJournalLines(scriptRunner(lines), ["journalctl"], { ...limits, maxEntries: 5 }, AbortSignal.timeout(10_000), "h");
    expect(read.complete).toBe(false);
    expect(read.lines).toHaveLength(5);
    const spy = recorderSpy();
    expect(await backfillWith(scriptRunner(lines), spy, { maxEntries: 5 })).toEqual({ restarts: 5, complete: false });
    expect(spy.calls[0]?.readFrom).toBeUndefined();
  });

  it("fails with journalctl's own words when it exits with an error, and records nothing", async () => {
    const spy = recorderSpy();
    const error = await backfillWith(scriptRunner([], 1), spy).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RespawnError);
    expect((error as RespawnError).message).toMatch(/exited with code 1: journalctl: something failed/);
    expect(spy.calls).toEqual([]);
  });

  it("gives up at its deadline", async () => {
    const error = await readJournalLines(scriptRunner([], 0, 60_000), ["journalctl"], { ...limits, timeoutMs: 300 }, AbortSignal.timeout(10_000), "h").catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "TIMEOUT" });
  });
});

describe("the time before a unit was first seen", () => {
  it("is read a day back for a host with a unit first seen in this run, and not at all otherwise", () => {
    const store = openStore(":memory:");
    let clock = SINCE;
    const first = createHistoryRecorder(store, { now: () => clock });
    first.observe(undefined, processInfo({ manager: "systemd", name: "a.service", restarts: 2, rawState: "active (running)" }), "poll");
    first.close();
    expect(journalFirstSightStart(store.db, "h", SINCE)).toBe(SINCE - FIRST_SIGHT_LOOKBACK_MS);
    // A later run: the unit is not new any more.
    clock += 3_600_000;
    expect(journalFirstSightStart(store.db, "h", clock)).toBeNull();
    expect(journalFirstSightStart(store.db, "other-host", SINCE)).toBeNull();
    store.close();
  });
});

describe("the start of a gap", () => {
  it("is the earliest time a systemd unit of the host was last watched before Respawn went down", () => {
    const store = openStore(":memory:");
    let clock = SINCE;
    const unit = (name: string, restarts: number) =>
      processInfo({ manager: "systemd", name, restarts, rawState: "active (running)" });
    const first = createHistoryRecorder(store, { now: () => clock });
    first.observe(undefined, unit("a.service", 0), "poll");
    clock += 60_000;
    first.observe(undefined, unit("b.service", 0), "poll");
    first.close();
    expect(journalGapStart(store.db, "h")).toBeNull();
    clock += 3_600_000;
    const second = createHistoryRecorder(store, { now: () => clock });
    second.observe(undefined, unit("a.service", 2), "poll");
    second.observe(undefined, unit("b.service", 1), "poll");
    expect(journalGapStart(store.db, "h")).toBe(SINCE);
    expect(journalGapStart(store.db, "other-host")).toBeNull();
    second.close();
    store.close();
  });
});

/** backfillSystemdRestarts with its runner replaced by the test's script. */
async function backfillWith(
  runner: CommandRunner,
  spy: ReturnType<typeof recorderSpy>,
  over: { maxEntries?: number } = {},
) {
  return backfillSystemdRestarts(endpoint, "h", spy, SINCE, AbortSignal.timeout(10_000), { ...over, runner });
}
