/**
 * A log line longer than this is shown cut, with what was left out said plainly after it:
 * "… 9.8 MB more of this line". The same for supervisord and the journal, on tail, follow,
 * incidents and downloads (docs/OPERATIONS.md).
 */
export const MAX_LINE_BYTES = 256 * 1024;

/** "812 bytes", "64.0 KB", "9.8 MB" (1 KB = 1024 bytes). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(1)} GB`;
}

/** The marker put after a cut line: " … 9.8 MB more of this line" ("at least" when the end is unknown). */
export function moreMarker(leftBytes: number, known = true): string {
  return ` … ${known ? "" : "at least "}${formatBytes(leftBytes)} more of this line`;
}

/**
 * The first MAX_LINE_BYTES of a line given as raw bytes (decoded as UTF-8, U+FFFD for bad bytes,
 * never ending in half a character), with the marker when `totalBytes` is more than was kept.
 */
export function cutBytes(bytes: Uint8Array, totalBytes = bytes.length, known = true): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (totalBytes <= MAX_LINE_BYTES && buf.length === totalBytes) return buf.toString("utf8");
  let end = Math.min(buf.length, MAX_LINE_BYTES);
  // Step back over a character cut in the middle (at most 3 continuation bytes).
  let back = end;
  while (back > 0 && end - back < 3 && ((buf[back] ?? 0) & 0xc0) === 0x80) back--;
  if (back < end && back > 0 && (buf[back] ?? 0) >= 0xc0) end = back;
  const left = totalBytes - end;
  const head = buf.subarray(0, end).toString("utf8");
  return left > 0 ? `${head}${moreMarker(left, known)}` : head;
}

/** The first MAX_LINE_BYTES of a line of `totalBytes` bytes, with the marker of what is left out. */
export function cutLine(text: string, totalBytes: number, known = true): string {
  if (totalBytes <= MAX_LINE_BYTES && text.length <= MAX_LINE_BYTES / 4) return text;
  return cutBytes(Buffer.from(text, "utf8"), totalBytes, known);
}
