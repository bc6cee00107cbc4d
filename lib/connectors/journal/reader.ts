import type { LogChunk, ReadLogOptions } from "@/lib/connectors/types";
import { RespawnError } from "@/lib/util/errors";
import type { CommandRunner } from "./command";
import { spawnJournal, type Entry } from "./run";
import { assertUnitName } from "./unit-name";

export const DEFAULT_MAX_LINES = 200;
export const DEFAULT_MAX_BYTES = 1024 * 1024;
const MAX_LINES_CAP = 10_000;
/** A follow yields at most this many lines per chunk and pauses journalctl beyond twice that. */
const FOLLOW_BATCH = 500;

export interface JournalTarget {
  runner: CommandRunner;
  hostId: string;
  timeoutMs: number;
}

const BASE = ["journalctl", "-o", "json", "--all", "--no-pager", "-q"];

/** Entries written by the unit's processes, and the manager's own messages about it (system or user). */
export function unitMatches(unit: string): string[] {
  const u = assertUnitName(unit);
  return [`_SYSTEMD_UNIT=${u}`, "+", `_SYSTEMD_USER_UNIT=${u}`, "+", `UNIT=${u}`, "+", `USER_UNIT=${u}`];
}

function assertCursor(cursor: string): string {
  if (!/^[A-Za-z0-9=;_-]{1,512}$/.test(cursor)) throw new RespawnError("INVALID", "invalid journal cursor");
  return cursor;
}

/** Runs journalctl until it ends, `stopAfter` entries or `maxBytes` of text arrived, or the deadline. */
async function collect(
  target: JournalTarget,
  argv: string[],
  limits: { stopAfter: number; maxBytes: number },
  signal: AbortSignal,
): Promise<Entry[]> {
  const entries: Entry[] = [];
  let bytes = 0;
  const proc = spawnJournal(target.runner, argv, (e) => {
    entries.push(e);
    bytes += e.line.text.length;
    if (entries.length >= limits.stopAfter || bytes >= limits.maxBytes) proc.stop();
  });
  let timedOut = false;
  const timer = setTimeout(() => ((timedOut = true), proc.stop()), target.timeoutMs);
  const onAbort = () => proc.stop();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    const error = await proc.done;
    if (error) throw error;
    if (signal.aborted) throw new RespawnError("TIMEOUT", "the journal read was aborted", { hostId: target.hostId });
    if (timedOut) {
      throw new RespawnError("TIMEOUT", `journalctl gave no end within ${target.timeoutMs} ms`, { hostId: target.hostId });
    }
    return entries;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
}

/** The newest cursor of the whole journal: where a follow of a unit with no entries yet starts. */
async function latestCursor(target: JournalTarget, signal: AbortSignal): Promise<string> {
  const entries = await collect(target, [...BASE, "-n", "1"], { stopAfter: 1, maxBytes: DEFAULT_MAX_BYTES }, signal);
  return entries[0]?.cursor ?? "";
}

/** Reads a unit's journal: the tail when no cursor is given, otherwise the entries after it. */
export async function readJournal(
  target: JournalTarget,
  unit: string,
  options: ReadLogOptions,
  signal: AbortSignal,
): Promise<LogChunk> {
  const maxLines = Math.min(Math.max(options.maxLines ?? DEFAULT_MAX_LINES, 1), MAX_LINES_CAP);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const match = unitMatches(unit);
  if (options.cursor) {
    const cursor = assertCursor(options.cursor);
    const argv = [...BASE, `--after-cursor=${cursor}`, ...match];
    const entries = await collect(target, argv, { stopAfter: maxLines, maxBytes }, signal);
    const lines = entries.slice(0, maxLines);
    return { lines: lines.map((e) => e.line), cursor: lines.at(-1)?.cursor || cursor, rotated: false, truncated: false };
  }
  const argv = [...BASE, "-n", String(maxLines + 1), ...match];
  const entries = await collect(target, argv, { stopAfter: maxLines + 1, maxBytes: Infinity }, signal);
  const truncated = entries.length > maxLines;
  const kept = keepNewest(truncated ? entries.slice(1) : entries, maxBytes);
  const cursor = kept.at(-1)?.cursor || (await latestCursor(target, signal));
  return { lines: kept.map((e) => e.line), cursor, rotated: false, truncated: truncated || kept.length < entries.length - (truncated ? 1 : 0) };
}

/** The newest entries whose text fits in maxBytes (at least one). */
function keepNewest(entries: Entry[], maxBytes: number): Entry[] {
  let bytes = 0;
  let i = entries.length;
  while (i > 0) {
    const len = (entries[i - 1] as Entry).line.text.length;
    if (bytes + len > maxBytes && i < entries.length) break;
    bytes += len;
    i--;
  }
  return entries.slice(i);
}

/** Follows a unit's journal after `cursor` ("" = from now) until the signal aborts. */
export async function* followJournal(
  target: JournalTarget,
  unit: string,
  cursor: string,
  signal: AbortSignal,
): AsyncGenerator<LogChunk> {
  const start = cursor ? [`--after-cursor=${assertCursor(cursor)}`] : ["-n", "0"];
  const argv = [...BASE, "-f", ...start, ...unitMatches(unit)];
  const queue: Entry[] = [];
  let wake: (() => void) | null = null;
  const proc = spawnJournal(target.runner, argv, (e) => {
    queue.push(e);
    if (queue.length >= FOLLOW_BATCH * 2) proc.child.stdout.pause();
    wake?.();
  });
  let ended: RespawnError | null | undefined;
  void proc.done.then((e) => ((ended = e), wake?.()));
  const onAbort = () => (proc.stop(), wake?.());
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    while (!signal.aborted) {
      if (queue.length === 0) {
        if (ended !== undefined) break;
        await new Promise<void>((r) => (wake = r));
        wake = null;
        continue;
      }
      // Let entries written together arrive together.
      await new Promise((r) => setImmediate(r));
      const batch = queue.splice(0, FOLLOW_BATCH);
      proc.child.stdout.resume();
      yield { lines: batch.map((e) => e.line), cursor: batch.at(-1)?.cursor || cursor, rotated: false, truncated: false };
    }
    if (ended) throw ended;
  } finally {
    signal.removeEventListener("abort", onAbort);
    proc.stop();
  }
}
