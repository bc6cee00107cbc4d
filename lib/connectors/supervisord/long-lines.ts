import { readLogWindow, type ByteReader, type LogPiece } from "./log-window";

import { MAX_LINE_BYTES } from "@/lib/connectors/long-line";

export { cutLine, formatBytes, MAX_LINE_BYTES } from "@/lib/connectors/long-line";
/** Bytes read per call while looking for where a long line starts or ends. */
const SCAN_BYTES = 1024 * 1024;
/** How far a long line is looked through (16 calls at most); beyond it the count is "at least". */
export const SCAN_LIMIT = 16 * 1024 * 1024;

/** Byte offset of the first "\n" in the pieces, or -1. */
function newlineIn(pieces: LogPiece[], last = false): number {
  const list = last ? [...pieces].reverse() : pieces;
  for (const p of list) {
    const i = last ? p.text.lastIndexOf("\n") : p.text.indexOf("\n");
    if (i >= 0) return p.offset + Buffer.byteLength(p.text.slice(0, i), "utf8");
  }
  return -1;
}

/** Where the line running at `from` ends (offset of its "\n"), or null when not within the log's `size`/the scan limit. */
export async function findLineEnd(read: ByteReader, from: number, size: number): Promise<{ at: number | null; scannedTo: number }> {
  let pos = from;
  const limit = Math.min(size, from + SCAN_LIMIT);
  while (pos < limit) {
    const win = await readLogWindow(read, pos, Math.min(limit, pos + SCAN_BYTES));
    const nl = newlineIn(win.pieces);
    if (nl >= 0) return { at: nl, scannedTo: nl };
    if (win.end <= pos) break;
    pos = win.end;
  }
  return { at: null, scannedTo: pos };
}

/** Where the line running at `before` starts (just after the previous "\n", or 0); null past the scan limit. */
export async function findLineStart(read: ByteReader, before: number): Promise<number | null> {
  let end = before;
  while (end > 0 && before - end < SCAN_LIMIT) {
    const start = Math.max(0, end - SCAN_BYTES);
    const win = await readLogWindow(read, start, end, start > 0);
    const nl = newlineIn(win.pieces, true);
    if (nl >= 0) return nl + 1;
    end = start;
  }
  return end === 0 ? 0 : null;
}

/** The first MAX_LINE_BYTES of the line starting at `start`, as text. */
export async function readLineHead(read: ByteReader, start: number, size: number): Promise<string> {
  const win = await readLogWindow(read, start, Math.min(size, start + MAX_LINE_BYTES));
  const text = win.pieces.map((p) => p.text).join("");
  const nl = text.indexOf("\n");
  return nl >= 0 ? text.slice(0, nl) : text;
}
