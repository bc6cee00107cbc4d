import type { LogChunk, LogLine, LogStream, ReadLogOptions } from "@/lib/connectors/types";
import { RespawnError } from "@/lib/util/errors";
import type { LogStreamName, SupervisordClient } from "./client";
import { readLogWindow, readLogWindowFast, type ByteReader, type LogPiece } from "./log-window";
import { bigLogChunk, bigLogError, isOverTwoGiB } from "./big-log";
import { cutLine, findLineEnd, findLineStart, formatBytes, MAX_LINE_BYTES, readLineHead, SCAN_LIMIT } from "./long-lines";

const TAIL_BYTES = 64 * 1024;
const FOLLOW_BYTES = 256 * 1024;
const SLOW_TAIL_BYTES = 1024;
const DEFAULT_MAX_LINES = 5_000;
export const FOLLOW_POLL_MS = 300;
/** The slowest a follow of an idle log polls. */
export const FOLLOW_MAX_POLL_MS = 1_000;

/**
 * Cursor: the byte offset just after the last line returned. A trailing "m" marks an offset in
 * the middle of a line (a line longer than the window was cut); otherwise the byte before the
 * offset is a newline, which is how a rotation that already grew past the cursor is noticed.
 */
export function parseLogCursor(cursor: string): { offset: number; midLine: boolean } {
  const m = /^(\d{1,15})(m?)$/.exec(cursor);
  if (!m) throw new RespawnError("INVALID", "not a supervisord log cursor");
  return { offset: Number(m[1]), midLine: m[2] === "m" };
}

interface SplitLine {
  text: string;
  /** Byte offset just after this line's newline. */
  end: number;
}

/** Complete lines of the pieces, each with the byte offset where it ends. */
export function splitPieces(pieces: LogPiece[]): { lines: SplitLine[]; rest: string } {
  const lines: SplitLine[] = [];
  let current = "";
  for (const piece of pieces) {
    let from = 0;
    for (let nl = piece.text.indexOf("\n"); nl >= 0; nl = piece.text.indexOf("\n", from)) {
      current += piece.text.slice(from, nl);
      const end = piece.offset + Buffer.byteLength(piece.text.slice(0, nl + 1), "utf8");
      lines.push({ text: current.endsWith("\r") ? current.slice(0, -1) : current, end });
      current = "";
      from = nl + 1;
    }
    current += piece.text.slice(from);
  }
  return { lines, rest: current };
}

function toLogLines(lines: SplitLine[], stream: LogStream): LogLine[] {
  return lines.map((l) => logLine(l.text.length > MAX_LINE_BYTES / 4 ? cutLine(l.text, Buffer.byteLength(l.text, "utf8")) : l.text, stream));
}

const logLine = (text: string, stream: LogStream): LogLine => ({ text, ts: null, priority: null, stream });

type Ctx = { client: SupervisordClient; name: string; stream: LogStreamName; signal: AbortSignal };

const logSize = async (c: Ctx): Promise<number> =>
  (await c.client.tailProcessLog(c.name, c.stream, 0, 0, c.signal))[1];

const reader =
  (c: Ctx): ByteReader =>
  (offset, length) =>
    c.client.readProcessLog(c.name, c.stream, offset, length, c.signal);

const windowOf = (c: Ctx, start: number, end: number) => readLogWindow(reader(c), start, end);

/** The log's size; a log of 2 GiB or more (supervisord cannot say its size) is BIG. */
async function sizeOrBig(c: Ctx): Promise<number | "big"> {
  try {
    return await logSize(c);
  } catch (e) {
    if (await isOverTwoGiB(e, reader(c))) return "big";
    throw e;
  }
}

/** The first lines of a log, which supervisord sends even when the log is too big for its size call. */
async function firstLines(c: Ctx, options: ReadLogOptions): Promise<LogChunk> {
  const { pieces } = await readLogWindow(reader(c), 0, options.maxBytes ?? TAIL_BYTES);
  const lines = splitPieces(pieces).lines.slice(0, options.maxLines ?? DEFAULT_MAX_LINES);
  return bigLogChunk(toLogLines(lines, c.stream).map((l) => l.text), c.stream);
}

/** The last lines: at most maxBytes back from the end, starting at a line boundary. */
async function readTail(c: Ctx, options: ReadLogOptions): Promise<LogChunk> {
  const measured = await sizeOrBig(c);
  if (measured === "big") return firstLines(c, options);
  const size = measured;
  let start = Math.max(0, size - (options.maxBytes ?? TAIL_BYTES));
  const fast = await readLogWindowFast(reader(c), start, size, start > 0);
  // Bad bytes cost calls to step around: decode only the last few lines of such a log.
  if (!fast) start = Math.max(start, size - SLOW_TAIL_BYTES);
  const { pieces } = fast ?? (await readLogWindow(reader(c), start, size, start > 0));
  const all = splitPieces(pieces).lines;
  // A window that starts inside the file starts inside a line: drop that partial first line...
  const lines = start > 0 ? all.slice(1) : all;
  const maxLines = options.maxLines ?? DEFAULT_MAX_LINES;
  const kept = lines.slice(-maxLines);
  // ...unless it fills half the window or more: a long line, shown by its head rather than lost.
  const partial = start > 0 ? all[0] : undefined;
  const partialBytes = partial ? partial.end - start : size - start;
  const long =
    start > 0 && kept.length < maxLines && partialBytes >= (size - start) / 2 ? await longLineBefore(c, start, size, partial) : null;
  const last = all[all.length - 1];
  return {
    lines: [...(long ? [long] : []), ...toLogLines(kept, c.stream)],
    cursor: last ? String(last.end) : long ? `${size}m` : start === 0 ? "0" : `${start}m`,
    rotated: false,
    truncated: start > 0 || kept.length < lines.length,
  };
}

/** What follows a cursor: complete lines only, a rotation restarts from 0. */
async function readFrom(c: Ctx, cursor: string, options: ReadLogOptions): Promise<LogChunk> {
  const at = parseLogCursor(cursor);
  const measured = await sizeOrBig(c);
  if (measured === "big") throw bigLogError();
  const size = measured;
  let rotated = size < at.offset;
  let offset = rotated ? 0 : at.offset;
  if (size === offset) return { lines: [], cursor, rotated, truncated: false };
  // Re-read the newline before the cursor: if it is gone, the log was replaced by a new one.
  const back = !rotated && offset > 0 && !at.midLine ? 1 : 0;
  const maxBytes = options.maxBytes ?? FOLLOW_BYTES;
  if (at.midLine && !rotated) return skipRestOfLine(c, offset, size);
  let win = await windowOf(c, offset - back, Math.min(size, offset + maxBytes));
  if (back && !win.pieces[0]?.text.startsWith("\n")) {
    rotated = true;
    offset = 0;
    win = await windowOf(c, 0, Math.min(size, maxBytes));
  } else if (back) {
    win.pieces[0] = { text: win.pieces[0]!.text.slice(1), offset, bytes: win.pieces[0]!.bytes - 1 };
  }
  const { lines, rest } = splitPieces(win.pieces);
  const kept = lines.slice(0, options.maxLines ?? DEFAULT_MAX_LINES);
  if (kept.length === 0 && win.end - offset >= maxBytes && rest) return { ...(await longLineAt(c, offset, size)), rotated };
  const next = kept.length > 0 ? kept[kept.length - 1]!.end : offset;
  return {
    lines: toLogLines(kept, c.stream),
    cursor: next === at.offset && !rotated ? cursor : String(next),
    rotated,
    truncated: false,
  };
}

/** A line longer than a window, from its start: its head and how much more, read on after it. */
async function longLineAt(c: Ctx, offset: number, size: number): Promise<LogChunk> {
  const head = await readLineHead(reader(c), offset, size);
  const end = await findLineEnd(reader(c), offset + Buffer.byteLength(head, "utf8"), size);
  const text = end.at === null ? cutLine(head, end.scannedTo - offset, false) : cutLine(head, end.at - offset);
  const cursor = end.at === null ? `${end.scannedTo}m` : String(end.at + 1);
  return { lines: [logLine(text, c.stream)], cursor, rotated: false, truncated: false };
}

/** After a cut line: the rest of it is skipped, and said so once its end is seen. */
async function skipRestOfLine(c: Ctx, offset: number, size: number): Promise<LogChunk> {
  const end = await findLineEnd(reader(c), offset, size);
  if (end.at === null) return { lines: [], cursor: `${end.scannedTo}m`, rotated: false, truncated: false };
  const skipped = end.at - offset;
  const lines = skipped > 0 ? [logLine(`… ${formatBytes(skipped)} more of the line above`, c.stream)] : [];
  return { lines, cursor: String(end.at + 1), rotated: false, truncated: false };
}

/** The long line the tail window starts inside (ending in it, or still being written), shown by its head, cut. */
async function longLineBefore(c: Ctx, start: number, size: number, partial: SplitLine | undefined): Promise<LogLine> {
  const lineStart = await findLineStart(reader(c), start);
  const endAt = partial ? partial.end - 1 : size;
  if (lineStart === null) {
    // Its start lies beyond the scan: show its end, and say the rest came before.
    const { pieces } = await readLogWindow(reader(c), Math.max(start, endAt - MAX_LINE_BYTES), endAt, true);
    return logLine(`at least ${formatBytes(SCAN_LIMIT)} of this line before … ${pieces.map((p) => p.text).join("")}`, c.stream);
  }
  const head = await readLineHead(reader(c), lineStart, size);
  return logLine(partial ? cutLine(head, endAt - lineStart) : cutLine(head, size - lineStart, false), c.stream);
}

/** Reads a supervisord log: the tail when no cursor is given, otherwise what follows it. */
export async function readSupervisordLog(
  client: SupervisordClient,
  name: string,
  stream: LogStream,
  options: ReadLogOptions,
  signal: AbortSignal,
): Promise<LogChunk> {
  if (stream === "journal") throw new RespawnError("NOT_FOUND", "supervisord has no journal log");
  const c: Ctx = { client, name, stream, signal };
  return options.cursor ? readFrom(c, options.cursor, options) : readTail(c, options);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Polls the log from a cursor until the signal aborts; transient read errors are retried a few times. */
export async function* followSupervisordLog(
  client: SupervisordClient,
  name: string,
  stream: LogStream,
  cursor: string,
  signal: AbortSignal,
): AsyncIterable<LogChunk> {
  let at = cursor;
  let failures = 0;
  let idle = 0;
  while (!signal.aborted) {
    let chunk: LogChunk;
    try {
      chunk = await readSupervisordLog(client, name, stream, { cursor: at }, signal);
      failures = 0;
    } catch (e) {
      if (signal.aborted) return;
      const transient =
        e instanceof RespawnError && ["UNREACHABLE", "TIMEOUT", "BAD_RESPONSE"].includes(e.code);
      if (!transient || ++failures > 5) throw e;
      await sleep(FOLLOW_POLL_MS * 3 * failures, signal);
      continue;
    }
    at = chunk.cursor;
    if (chunk.lines.length > 0 || chunk.rotated) yield chunk;
    idle = chunk.lines.length === 0 ? idle + 1 : 0;
    if (idle > 0) await sleep(followDelay(idle), signal);
  }
}

/**
 * How long a follow waits after `idle` empty reads in a row: quick while lines flow, then slower,
 * up to supervisord's own once-a-second wake-up (it writes logs no faster for an idle program).
 */
export function followDelay(idle: number): number {
  return Math.min(FOLLOW_MAX_POLL_MS, FOLLOW_POLL_MS * 2 ** Math.max(0, idle - 1));
}
