import type { LogLine } from "@/lib/connectors/types";
import { JournalEntry, type FieldValue } from "./wire";

/** Longest text kept from one entry; the rest is cut with a marker. */
export const MAX_TEXT_CHARS = 64 * 1024;

function decodeValue(v: FieldValue): string {
  // Byte arrays are not valid UTF-8 (or hold control bytes): decode leniently, U+FFFD for bad bytes.
  return typeof v === "string" ? v : Buffer.from(v).toString("utf8");
}

function decodeField(v: JournalEntry["MESSAGE"]): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (v.length > 0 && typeof v[0] === "number") return decodeValue(v as number[]);
  return (v as FieldValue[]).map(decodeValue).join("\n");
}

/** One parsed journal entry → a LogLine and its cursor. Pure. */
export function mapEntry(entry: JournalEntry): { line: LogLine; cursor: string } {
  let text = decodeField(entry.MESSAGE) ?? "";
  if (text.length > MAX_TEXT_CHARS) text = `${text.slice(0, MAX_TEXT_CHARS)}… [cut]`;
  const priority = Number.parseInt(decodeField(entry.PRIORITY) ?? "", 10);
  return {
    line: {
      text,
      ts: Math.floor(Number(entry.__REALTIME_TIMESTAMP) / 1000),
      priority: Number.isInteger(priority) && priority >= 0 && priority <= 7 ? priority : null,
      stream: "journal",
    },
    cursor: entry.__CURSOR,
  };
}

/** Parses one JSON line; null for a line that is not a journal entry (skipped, never fatal). */
export function parseJournalLine(raw: string): { line: LogLine; cursor: string } | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const r = JournalEntry.safeParse(json);
  return r.success ? mapEntry(r.data) : null;
}
