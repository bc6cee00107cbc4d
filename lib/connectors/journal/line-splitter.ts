/** Receives the rest of a line too long to hold, then its end. */
export interface OverflowSink {
  push(rest: Buffer): void;
  end(): void;
}

/**
 * Splits a byte stream into lines without ever holding more than `maxLineBytes` of one line:
 * a longer line is handed to onOversized (its first bytes, then the rest as it streams by)
 * instead of growing a buffer; without a sink it is dropped.
 */
export function createLineSplitter(
  maxLineBytes: number,
  onLine: (line: string) => void,
  onOversized: (head: Buffer) => OverflowSink | void = () => undefined,
) {
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;
  let sink: OverflowSink | void;

  function push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const piece = chunk.subarray(start, nl < 0 ? chunk.length : nl);
      if (skipping) sink?.push(piece);
      else {
        size += piece.length;
        if (size > maxLineBytes) {
          skipping = true;
          sink = onOversized(Buffer.concat(parts));
          sink?.push(piece);
          parts = [];
        } else if (piece.length > 0) parts.push(piece);
      }
      if (nl < 0) return;
      if (skipping) sink?.end();
      else if (size > 0) onLine(Buffer.concat(parts).toString("utf8"));
      parts = [];
      size = 0;
      skipping = false;
      sink = undefined;
      start = nl + 1;
    }
  }

  return { push };
}
