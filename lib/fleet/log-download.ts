import type { LogChunk, LogLine, LogStream, ReadLogOptions } from "@/lib/connectors/types";

type ReadLog = (options: ReadLogOptions) => Promise<LogChunk>;

// supervisord keeps one file per stream: read it from its first byte, a window at a time.
const WINDOW_BYTES = 1024 * 1024;
// The journal has no "from the start" read here: its download is the newest entries, this many.
export const JOURNAL_DOWNLOAD_LINES = 10_000;

function lineText(line: LogLine): string {
  return line.ts === null ? line.text : `${new Date(line.ts).toISOString()} ${line.text}`;
}

/**
 * The whole available log as text, window by window, so a big file never sits in memory at once:
 * supervisord's file from byte 0 to its end (as it is when the read reaches it), the journal's
 * newest JOURNAL_DOWNLOAD_LINES entries.
 */
export async function* wholeLogText(stream: LogStream, read: ReadLog): AsyncGenerator<string> {
  if (stream === "journal") {
    const tail = await read({ maxLines: JOURNAL_DOWNLOAD_LINES });
    if (tail.truncated)
      yield `-- older entries not included: the newest ${JOURNAL_DOWNLOAD_LINES} follow --\n`;
    for (const line of tail.lines) yield `${lineText(line)}\n`;
    return;
  }
  let cursor = "0";
  for (;;) {
    const chunk = await read({ cursor, maxBytes: WINDOW_BYTES, maxLines: 100_000 });
    if (chunk.rotated && cursor !== "0") yield "-- the log was rotated while it was read --\n";
    if (chunk.lines.length > 0) yield chunk.lines.map((l) => `${lineText(l)}\n`).join("");
    if (chunk.cursor === cursor || chunk.lines.length === 0) return;
    cursor = chunk.cursor;
  }
}
