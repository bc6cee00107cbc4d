/**
 * Splits a byte stream into lines without ever holding more than `maxLineBytes` of one line:
 * a longer line is dropped whole (reported through onOversized) instead of growing a buffer.
 */
export function createLineSplitter(
  maxLineBytes: number,
  onLine: (line: string) => void,
  onOversized: () => void = () => undefined,
) {
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;

  function push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const piece = chunk.subarray(start, nl < 0 ? chunk.length : nl);
      if (!skipping) {
        size += piece.length;
        if (size > maxLineBytes) {
          skipping = true;
          parts = [];
          onOversized();
        } else if (piece.length > 0) parts.push(piece);
      }
      if (nl < 0) return;
      if (!skipping && size > 0) onLine(Buffer.concat(parts).toString("utf8"));
      parts = [];
      size = 0;
      skipping = false;
      start = nl + 1;
    }
  }

  return { push };
}
