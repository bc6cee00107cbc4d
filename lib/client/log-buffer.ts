import type { LogChunk, LogLine } from "@/lib/client/types";

export type LogEntry =
  /** receivedAt: when a live line reached the browser (null for the first tail, whose age is unknown). */
  | { key: number; kind: "line"; line: LogLine; receivedAt?: number | null }
  /** A line Respawn adds: "log rotated", "earlier lines not loaded". */
  | { key: number; kind: "marker"; text: string };

export interface LogBuffer {
  entries: LogEntry[];
  /** Key the next entry gets: keys only grow, so "new since" is a subtraction. */
  nextKey: number;
  /** Entries dropped from the front to keep within the cap. */
  dropped: number;
}

/** Lines kept in memory per open log: older ones are dropped from the view. */
export const LOG_LINE_CAP = 10_000;

export const EMPTY_LOG: LogBuffer = { entries: [], nextKey: 0, dropped: 0 };

/**
 * Appends a chunk to the buffer: a marker line first when the log was rotated (or when the first
 * tail was cut short), then its lines; the oldest entries go once the cap is reached.
 */
export function appendChunk(
  buffer: LogBuffer,
  chunk: LogChunk,
  cap = LOG_LINE_CAP,
  receivedAt: number | null = null,
): LogBuffer {
  const added: LogEntry[] = [];
  let key = buffer.nextKey;
  if (chunk.rotated)
    added.push({
      key: key++,
      kind: "marker",
      text: "log rotated — reading the new file from its start",
    });
  if (chunk.truncated && buffer.nextKey === 0)
    added.push({ key: key++, kind: "marker", text: "earlier lines not loaded" });
  for (const line of chunk.lines) added.push({ key: key++, kind: "line", line, receivedAt });
  if (added.length === 0) return buffer;
  const all = buffer.entries.concat(added);
  const over = Math.max(0, all.length - cap);
  return { entries: over ? all.slice(over) : all, nextKey: key, dropped: buffer.dropped + over };
}
