import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MAX_TEXT_CHARS, parseJournalLine } from "./mapper";

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

  it("reads a null MESSAGE as an empty line instead of failing", () => {
    expect(parseJournalLine(recorded[5] ?? "")?.line.text).toBe("");
  });

  it("joins repeated fields, reads PRIORITY as a number, and cuts giant messages", () => {
    const base = { __CURSOR: "s=1", __REALTIME_TIMESTAMP: "1700000000123456" };
    const e = parseJournalLine(JSON.stringify({ ...base, MESSAGE: ["a", [98]], PRIORITY: "3" }));
    expect(e?.line).toMatchObject({ text: "a\nb", priority: 3, ts: 1700000000123 });
    const big = parseJournalLine(JSON.stringify({ ...base, MESSAGE: "x".repeat(MAX_TEXT_CHARS + 10) }));
    expect(big?.line.text.endsWith("… [cut]")).toBe(true);
    expect(parseJournalLine(JSON.stringify({ ...base, MESSAGE: "m", PRIORITY: "nine" }))?.line.priority).toBeNull();
  });

  it("skips lines that are not journal entries", () => {
    expect(parseJournalLine("not json")).toBeNull();
    expect(parseJournalLine(JSON.stringify({ MESSAGE: "no cursor" }))).toBeNull();
  });
});
