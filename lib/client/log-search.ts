import type { LogEntry } from "@/lib/client/log-buffer";

/** A search of a log: plain text, case-insensitive; an empty query matches nothing. */
export interface LogQuery {
  text: string;
  /** Show only the matching lines (otherwise every line, the matches highlighted). */
  filter: boolean;
}

/** True when the line's text contains the query, ignoring case. */
export function lineMatches(entry: LogEntry, query: string): boolean {
  if (!query || entry.kind !== "line") return false;
  return entry.line.text.toLowerCase().includes(query.toLowerCase());
}

/** The entries shown (all, or only the matches when filtering) and the indexes of the matches among them. */
export function searchLog(
  entries: readonly LogEntry[],
  q: LogQuery,
): { shown: readonly LogEntry[]; matches: number[] } {
  if (!q.text) return { shown: entries, matches: [] };
  if (q.filter) {
    const shown = entries.filter((e) => lineMatches(e, q.text));
    return { shown, matches: shown.map((_, i) => i) };
  }
  const matches: number[] = [];
  entries.forEach((e, i) => lineMatches(e, q.text) && matches.push(i));
  return { shown: entries, matches };
}

/** Splits text around the matches of `query` (ignoring case): [plain, match, plain, …]. */
export function splitMatches(text: string, query: string): Array<{ text: string; match: boolean }> {
  if (!query) return [{ text, match: false }];
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  const parts: Array<{ text: string; match: boolean }> = [];
  let from = 0;
  for (let at = lower.indexOf(q); at >= 0; at = lower.indexOf(q, at + q.length)) {
    if (at > from) parts.push({ text: text.slice(from, at), match: false });
    parts.push({ text: text.slice(at, at + q.length), match: true });
    from = at + q.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), match: false });
  return parts;
}

/** The time of an entry: the journal's own, else when it was received; null when neither is known. */
export function entryTime(e: LogEntry): number | null {
  return e.kind === "line" ? (e.line.ts ?? e.receivedAt ?? null) : null;
}

/** Index of the first entry at or after `at`, by the time each line carries; -1 when none. */
export function indexAtTime(entries: readonly LogEntry[], at: number): number {
  return entries.findIndex((e) => {
    const t = entryTime(e);
    return t !== null && t >= at;
  });
}

/** The log as plain text, one line each, with its time when known (for downloads). */
export function logText(entries: readonly LogEntry[]): string {
  return entries
    .map((e) => {
      if (e.kind === "marker") return `-- ${e.text} --`;
      const t = entryTime(e);
      return t === null ? e.line.text : `${new Date(t).toISOString()} ${e.line.text}`;
    })
    .join("\n");
}
