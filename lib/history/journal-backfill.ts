import { spawn } from "node:child_process";
import type { SystemdEndpoint } from "@/lib/config/schema";
import { createLocalRunner, type CommandRunner } from "@/lib/connectors/journal/command";
import { createLineSplitter } from "@/lib/connectors/journal/line-splitter";
import { createSshRunner } from "@/lib/connectors/systemd/ssh";
import { createUnitFilter } from "@/lib/connectors/systemd/unit-filter";
import type { Db } from "@/lib/store/open-store";
import { listSeenOnHost } from "@/lib/store/processes-seen";
import { RespawnError } from "@/lib/util/errors";
import { childEnv } from "@/lib/util/programs";
import { parseJournalRestarts, RESTART_MESSAGE_ID } from "./journal-restarts";
import type { HistoryRecorder } from "./recorder";

export interface BackfillOptions {
  /** Where journalctl runs; by default derived from the endpoint (local, or ssh for `bus: ssh`). */
  runner?: CommandRunner;
  /** The whole read must end within this (default 30 s). */
  timeoutMs?: number;
  /** At most this many journal entries are read (default 100,000). */
  maxEntries?: number;
  /** At most this many bytes of journalctl output are read (default 64 MB). */
  maxBytes?: number;
}

export interface BackfillResult {
  /** Restart messages found for the endpoint's units. */
  restarts: number;
  /** False when a limit cut the read short: the gap then stays "at least". */
  complete: boolean;
}

const DEFAULTS = { timeoutMs: 30_000, maxEntries: 100_000, maxBytes: 64 * 1024 * 1024 };
/** One restart message is well under 4 KB; anything much longer is not one. */
const MAX_LINE_BYTES = 64 * 1024;

/** The journalctl argument array that lists systemd's restart messages since `since` (epoch ms). */
export function buildBackfillArgs(since: number): string[] {
  const seconds = Math.max(0, Math.floor(since / 1000));
  return ["journalctl", "-o", "json", "--all", "--no-pager", `MESSAGE_ID=${RESTART_MESSAGE_ID}`, `--since=@${seconds}`];
}

/** Parses journalctl's JSON lines; a line that is not JSON is skipped. */
export function parseJsonLines(lines: readonly string[]): unknown[] {
  const out: unknown[] = [];
  for (const line of lines) {
    try {
      out.push(JSON.parse(line));
    } catch {
      // a cut or garbled line: skipped, like any entry that is not a restart message
    }
  }
  return out;
}

/** Where the endpoint's journal is read: this machine, or the ssh target for `bus: ssh`. */
export function journalRunner(endpoint: SystemdEndpoint, hostId: string): CommandRunner {
  return endpoint.bus === "ssh" && endpoint.ssh ? createSshRunner(hostId, endpoint.ssh) : createLocalRunner(hostId);
}

/** Runs journalctl and collects its lines, within the limits; rejects on a failed run or an abort. */
export function readJournalLines(
  runner: CommandRunner,
  argv: string[],
  limits: Required<Omit<BackfillOptions, "runner">>,
  signal: AbortSignal,
  hostId: string,
): Promise<{ lines: string[]; complete: boolean }> {
  const { command, args } = runner.toSpawn(argv);
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: childEnv() });
  const lines: string[] = [];
  let bytes = 0;
  let cut = false;
  let stderr = "";
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  };
  const splitter = createLineSplitter(MAX_LINE_BYTES, (line) => {
    if (cut) return;
    lines.push(line);
    if (lines.length < limits.maxEntries) return;
    cut = true;
    stop();
  });
  child.stdout.on("data", (chunk: Buffer) => {
    if (cut) return;
    bytes += chunk.length;
    if (bytes <= limits.maxBytes) return splitter.push(chunk);
    cut = true;
    stop();
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d: string) => {
    if (stderr.length < 8192) stderr += d;
  });
  let timedOut = false;
  const timer = setTimeout(() => ((timedOut = true), stop()), limits.timeoutMs);
  signal.addEventListener("abort", stop, { once: true });
  return new Promise((resolve, reject) => {
    const finish = (error: RespawnError | null) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", stop);
      if (signal.aborted) reject(new RespawnError("TIMEOUT", "the journal backfill was aborted", { hostId }));
      else if (timedOut) reject(new RespawnError("TIMEOUT", `journalctl gave no end within ${limits.timeoutMs} ms`, { hostId }));
      else if (error && !cut) reject(error);
      else resolve({ lines, complete: !cut });
    };
    child.once("error", (e) => finish(runner.describeFailure(null, e.message)));
    child.once("close", (code) => finish(code === 0 ? null : runner.describeFailure(code, stderr)));
  });
}

/**
 * Reads systemd's restart messages since `since` (epoch ms) from the endpoint's journal and hands
 * those of its shown units to the recorder. A complete read also tells the recorder that the
 * journal covered everything from `since` on, so counts across that gap become exact again.
 */
export async function backfillSystemdRestarts(
  endpoint: SystemdEndpoint,
  hostId: string,
  recorder: Pick<HistoryRecorder, "backfillFromJournal">,
  since: number,
  signal: AbortSignal,
  options: BackfillOptions = {},
): Promise<BackfillResult> {
  const { runner = journalRunner(endpoint, hostId), ...limits } = options;
  const read = await readJournalLines(runner, buildBackfillArgs(since), { ...DEFAULTS, ...limits }, signal, hostId);
  const shown = createUnitFilter(endpoint.units, endpoint.excludeUnits);
  const restarts = parseJournalRestarts(parseJsonLines(read.lines)).filter((r) => shown(r.unit) && r.at >= since);
  recorder.backfillFromJournal(hostId, restarts, read.complete ? since : undefined);
  return { restarts: restarts.length, complete: read.complete };
}

/** How far back the journal is read for units Respawn sees for the first time. */
export const FIRST_SIGHT_LOOKBACK_MS = 24 * 60 * 60_000;

/**
 * Where the journal must be read from for the host's systemd units first seen since `runStart`
 * (their NRestarts counted "at least", at unknown times): a day back, or null when none is new.
 */
export function journalFirstSightStart(db: Db, hostId: string, runStart: number): number | null {
  const fresh = listSeenOnHost(db, hostId, "systemd").some((s) => s.firstSeenAt >= runStart);
  return fresh ? runStart - FIRST_SIGHT_LOOKBACK_MS : null;
}

/**
 * Where the journal must be read from to fill the host's open systemd gaps (the earliest time a
 * unit was last watched before Respawn went down), or null when no gap is open. Gaps open when a
 * unit is seen again, so ask after the endpoint's first poll.
 */
export function journalGapStart(db: Db, hostId: string): number | null {
  let start: number | null = null;
  for (const s of listSeenOnHost(db, hostId, "systemd")) {
    if (s.gapFrom === null) continue;
    start = start === null ? s.gapFrom : Math.min(start, s.gapFrom);
  }
  return start;
}
