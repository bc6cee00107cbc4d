import { describe, expect, it } from "vitest";
import { MAX_LINE_BYTES } from "@/lib/connectors/long-line";
import { createLineSplitter } from "./line-splitter";
import { createOversizedEntry } from "./oversized";
import type { Entry } from "./run";

/** Feeds one JSON line through a splitter whose cap is `cap`, in 64 KiB chunks as a pipe would. */
function read(json: string, cap = 1024 * 1024): { entries: Entry[]; lines: string[] } {
  const entries: Entry[] = [];
  const lines: string[] = [];
  const s = createLineSplitter(cap, (l) => lines.push(l), (head) => {
    const big = createOversizedEntry(head);
    return { push: big.push, end: () => entries.push(big.end()) };
  });
  const bytes = Buffer.from(`${json}\n{"next":1}\n`);
  for (let i = 0; i < bytes.length; i += 65536) s.push(bytes.subarray(i, i + 65536));
  return { entries, lines };
}

const TEN_MB = 10 * 1024 * 1024;

describe("journal entry too long to hold", () => {
  it("cuts a 10 MB string MESSAGE with the marker, wherever cursor and time are, and carries on", () => {
    const json = `{"__REALTIME_TIMESTAMP":"1700000000123456","MESSAGE":"${"x".repeat(TEN_MB)}","PRIORITY":"3","__CURSOR":"s=ab;i=1"}`;
    const { entries, lines } = read(json);
    expect(entries).toEqual([{ cursor: "s=ab;i=1", line: { text: `${"x".repeat(MAX_LINE_BYTES)} … 9.8 MB more of this line`, ts: 1700000000123, priority: 3, stream: "journal" } }]);
    expect(lines).toEqual(['{"next":1}']);
  });

  it("counts escapes and multi-byte characters as the bytes they stand for", () => {
    const msg = JSON.stringify(`${"é".repeat(TEN_MB / 2)}\u001b\t"`);
    const { entries } = read(`{"__CURSOR":"s=c","MESSAGE":${msg},"__REALTIME_TIMESTAMP":"1"}`);
    const text = entries[0]?.line.text ?? "";
    expect(text).toBe(`${"é".repeat(MAX_LINE_BYTES / 2)} … ${((TEN_MB + 3 - MAX_LINE_BYTES) / 1024 ** 2).toFixed(1)} MB more of this line`);
  });

  it("cuts a byte-array MESSAGE, bad bytes as U+FFFD", () => {
    const arr = `[255,${Array<string>(TEN_MB).fill("97").join(",")}]`;
    const text = read(`{"__CURSOR":"s=d","MESSAGE":${arr}}`, 4 * 1024 * 1024).entries[0]?.line.text;
    expect(text).toBe(`\uFFFD${"a".repeat(MAX_LINE_BYTES - 1)} … 9.8 MB more of this line`);
  });

  it("says so when the message cannot be read, instead of skipping the entry", () => {
    const json = `{"__CURSOR":"s=e","OTHER":"${"o".repeat(2 * 1024 * 1024)}","MESSAGE":"late"}`;
    const { entries, lines } = read(json);
    expect(entries[0]?.line.text).toBe("[a journal entry of 2.0 MB whose message could not be read]");
    expect(entries[0]?.cursor).toBe("s=e");
    expect(lines).toEqual(['{"next":1}']);
  });
});
