import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MAX_LINE_BYTES } from "@/lib/connectors/long-line";
import { parseJournalLine, UNREADABLE } from "./mapper";

/** Recorded `journalctl -o json --all` lines (the last one without --all: MESSAGE null). */
const recorded = readFileSync(new URL("./fixtures/entries.jsonl", import.meta.url), "utf8").trim().split("\n");

describe("journal entry parsing", () => {
  it("reads text, time in ms, priority and cursor", () => {
    const e = parseJournalLine(recorded[0] ?? "");
    expect(e?.line).toEqual({ text: "plain line", ts: expect.any(Number), priority: 6, stream: "journal" });
    expect(String(e?.line.ts)).toHaveLength(13);
    expect(e?.cursor).toMatch(/^s=/);
  });

  it("keeps a line over 4096 bytes whole", () => {
    expect(parseJournalLine(recorded[1] ?? "")?.line.text).toMatch(/^long:0{5000}:end$/);
  });

  it("decodes byte-array messages as UTF-8 with U+FFFD for bad bytes, and keeps ANSI bytes", () => {
    expect(parseJournalLine(recorded[2] ?? "")?.line.text).toBe("bad bytes \uFFFD\uFFFD here");
    expect(parseJournalLine(recorded[3] ?? "")?.line.text).toBe("\u001b[31mred\u001b[0m");
  });

  it("keeps hostile text as text", () => {
    expect(parseJournalLine(recorded[4] ?? "")?.line.text).toBe("<script>alert(1)</script>");
  });

  it("says so for a null MESSAGE (not readable) instead of failing or showing nothing", () => {
    expect(parseJournalLine(recorded[5] ?? "")?.line.text).toBe(UNREADABLE);
  });

  it("joins repeated fields, reads PRIORITY as a number, and cuts giant messages", () => {
    const base = { __CURSOR: "s=1", __REALTIME_TIMESTAMP: "1700000000123456" };
    const e = parseJournalLine(JSON.stringify({ ...base, MESSAGE: ["a", [98]], PRIORITY: "3" }));
    expect(e?.line).toMatchObject({ text: "a\nb", priority: 3, ts: 1700000000123 });
    const big = parseJournalLine(JSON.stringify({ ...base, MESSAGE: "x".repeat(10 * 1024 * 1024) }));
    expect(big?.line.text).toBe(`${"x".repeat(MAX_LINE_BYTES)} … 9.8 MB more of this line`);
    const bytes = [...Array<number>(MAX_LINE_BYTES - 1).fill(0x61), 0xc3, 0xa9, 0xff, 0x62];
    const cut = parseJournalLine(JSON.stringify({ ...base, MESSAGE: bytes }))?.line.text;
    expect(cut).toBe(`${"a".repeat(MAX_LINE_BYTES - 1)} … 4 bytes more of this line`);
    const short = parseJournalLine(JSON.stringify({ ...base, MESSAGE: [0x61, 0xff, 0x62] }))?.line.text;
    expect(short).toBe("a\uFFFDb");
    expect(parseJournalLine(JSON.stringify({ ...base, MESSAGE: "m", PRIORITY: "nine" }))?.line.priority).toBeNull();
  });

  it("skips lines that are not journal entries", () => {
    expect(parseJournalLine("not json")).toBeNull();
    expect(parseJournalLine(JSON.stringify({ MESSAGE: "no cursor" }))).toBeNull();
  });
});
