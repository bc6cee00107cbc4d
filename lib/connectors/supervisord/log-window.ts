/**
 * Reads a byte window of a supervisord log although supervisord refuses (HTTP 500) any window
 * that cuts a multi-byte character or holds bytes that are not UTF-8. See README.md.
 */
import { isHttpStatus } from "./faults";

/** Reads `length` (> 0) bytes from `offset`; rejects with an HTTP 500 error when undecodable. */
export type ByteReader = (offset: number, length: number) => Promise<string>;

/** Decoded text of the bytes [offset, offset + bytes) of the log. */
export interface LogPiece {
  text: string;
  offset: number;
  bytes: number;
}

/** Calls spent on one window at most; what is left is read on the next call. */
const MAX_CALLS = 400;
const REPLACEMENT = "\uFFFD";

interface Ctx {
  read: ByteReader;
  calls: number;
}

async function tryRead(ctx: Ctx, offset: number, length: number): Promise<LogPiece | null> {
  ctx.calls += 1;
  try {
    const text = await ctx.read(offset, length);
    return { text, offset, bytes: Buffer.byteLength(text, "utf8") };
  } catch (e) {
    if (isHttpStatus(e, 500)) return null;
    throw e;
  }
}

/**
 * Reads [start, end). Returns pieces covering [start, returned end): the end may fall short of
 * `end` when the window cut a character (it is read next time) or the call budget ran out. With
 * mayDropHead the first 1–3 bytes may be skipped too (a tail window that starts inside a line).
 */
export async function readLogWindow(
  read: ByteReader,
  start: number,
  end: number,
  mayDropHead = false,
): Promise<{ pieces: LogPiece[]; end: number }> {
  const ctx: Ctx = { read, calls: 0 };
  return (await readEdges(ctx, start, end, mayDropHead)) ?? decodeForward(ctx, start, end);
}

/** Like readLogWindow, but only tries the cheap edge shifts: null when the window holds bad bytes. */
export function readLogWindowFast(
  read: ByteReader,
  start: number,
  end: number,
  mayDropHead = false,
): Promise<{ pieces: LogPiece[]; end: number } | null> {
  return readEdges({ read, calls: 0 }, start, end, mayDropHead);
}

async function readEdges(
  ctx: Ctx,
  start: number,
  end: number,
  mayDropHead: boolean,
): Promise<{ pieces: LogPiece[]; end: number } | null> {
  if (end <= start) return { pieces: [], end: start };
  const whole = await tryRead(ctx, start, end - start);
  if (whole) return { pieces: [whole], end: start + whole.bytes };
  // Most often the window's end cuts a character: leave those 1–3 bytes for the next read.
  for (let cut = 1; cut <= 3 && end - cut > start; cut++) {
    const piece = await tryRead(ctx, start, end - cut - start);
    if (piece) return { pieces: [piece], end: start + piece.bytes };
  }
  for (let skip = 1; mayDropHead && skip <= 3 && start + skip < end; skip++) {
    const piece = await tryRead(ctx, start + skip, end - start - skip);
    if (piece) return { pieces: [piece], end: start + skip + piece.bytes };
  }
  return null;
}

/**
 * Walks forward over a window known not to decode: halves the failing span until the bad byte is
 * found (keeping every half that decodes), replaces it, then gallops on with doubling windows so
 * the cost grows with the number of bad spots, not with the size of the window.
 */
async function decodeForward(
  ctx: Ctx,
  start: number,
  end: number,
): Promise<{ pieces: LogPiece[]; end: number }> {
  const pieces: LogPiece[] = [];
  let pos = start;
  let failEnd = end; // [pos, failEnd) is known not to decode while step is 0
  let step = 0;
  while (pos < end && ctx.calls < MAX_CALLS) {
    if (step === 0 && failEnd - pos <= 4) {
      const piece = await decodeOneChar(ctx, pos, end);
      pieces.push(piece);
      pos += piece.bytes;
      step = 4; // bad bytes come in runs: probe small before galloping again
      continue;
    }
    const len = step > 0 ? Math.min(step, end - pos) : Math.floor((failEnd - pos) / 2);
    const piece = await tryRead(ctx, pos, len);
    if (piece?.bytes === 0) break; // the log shrank under us: the next read sees the rotation
    if (piece) {
      pieces.push(piece);
      pos += piece.bytes;
      if (step > 0) step *= 2;
    } else {
      failEnd = pos + len;
      step = 0;
    }
  }
  return { pieces, end: pos };
}

/**
 * One character at pos, or U+FFFD for one byte that no length of 1–4 decodes. A character cut by
 * `end` also becomes U+FFFD here, but callers only commit bytes up to the last complete line, so
 * such a partial line is read again whole next time.
 */
async function decodeOneChar(ctx: Ctx, pos: number, end: number): Promise<LogPiece> {
  for (let len = 1; len <= 4 && pos + len <= end; len++) {
    const piece = await tryRead(ctx, pos, len);
    if (piece && piece.bytes > 0) return piece;
  }
  return { text: REPLACEMENT, offset: pos, bytes: 1 };
}
