import type { LogLine } from "@/lib/connectors/types";
import { cutBytes } from "@/lib/connectors/long-line";
import { JournalEntry, type FieldValue } from "./wire";

function valueBytes(v: FieldValue): Buffer {
  // Byte arrays are not valid UTF-8 (or hold control bytes): cutBytes decodes them with U+FFFD.
  return typeof v === "string" ? Buffer.from(v, "utf8") : Buffer.from(v);
}

function fieldBytes(v: JournalEntry["MESSAGE"]): Buffer | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return valueBytes(v);
  if (v.length > 0 && typeof v[0] === "number") return valueBytes(v as number[]);
  const parts = (v as FieldValue[]).map(valueBytes);
  return Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [Buffer.from("\n"), p])));
}

function decodeField(v: JournalEntry["MESSAGE"]): string | null {
  return fieldBytes(v)?.toString("utf8") ?? null;
}

/** Shown for an entry whose message could not be read. */
export const UNREADABLE = "[the journal gave no readable message for this entry]";

/** One parsed journal entry → a LogLine and its cursor. Pure. */
export function mapEntry(entry: JournalEntry): { line: LogLine; cursor: string } {
  // MESSAGE is null when journalctl would not give it (too large without --all): say so.
  const bytes = fieldBytes(entry.MESSAGE);
  const text = bytes ? cutBytes(bytes) : entry.MESSAGE === null ? UNREADABLE : "";
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
