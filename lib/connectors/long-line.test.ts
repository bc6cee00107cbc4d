import { describe, expect, it } from "vitest";
import { cutBytes, cutLine, formatBytes, MAX_LINE_BYTES } from "./long-line";

describe("long line cut", () => {
  it("keeps a line up to MAX_LINE_BYTES whole", () => {
    const line = "z".repeat(MAX_LINE_BYTES);
    expect(cutLine(line, MAX_LINE_BYTES)).toBe(line);
    expect(cutBytes(Buffer.from(line))).toBe(line);
  });

  it("cuts a 10 MB line at MAX_LINE_BYTES and says how much is left out", () => {
    const text = cutBytes(Buffer.alloc(10 * 1024 * 1024, 0x41));
    expect(text).toBe(`${"A".repeat(MAX_LINE_BYTES)} … 9.8 MB more of this line`);
    expect(cutLine("A".repeat(MAX_LINE_BYTES + 1), MAX_LINE_BYTES + 1)).toMatch(/A … 1 bytes more of this line$/);
    expect(cutLine("A".repeat(MAX_LINE_BYTES), 20 * 1024 * 1024, false)).toMatch(/ … at least 19\.8 MB more of this line$/);
  });

  it("never ends the kept part in half a character, and counts the bytes stepped back over", () => {
    const line = Buffer.concat([Buffer.alloc(MAX_LINE_BYTES - 1, 0x61), Buffer.from("€"), Buffer.from("b")]);
    expect(cutBytes(line)).toBe(`${"a".repeat(MAX_LINE_BYTES - 1)} … 4 bytes more of this line`);
  });

  it("decodes invalid bytes as U+FFFD, also in the kept part of a cut line", () => {
    expect(cutBytes(Buffer.from([0x61, 0xff, 0xfe, 0x62]))).toBe("a\uFFFD\uFFFDb");
    const line = Buffer.concat([Buffer.from([0xff]), Buffer.alloc(MAX_LINE_BYTES, 0x61)]);
    expect(cutBytes(line)).toBe(`\uFFFD${"a".repeat(MAX_LINE_BYTES - 1)} … 1 bytes more of this line`);
  });

  it("formats sizes in 1024 steps", () => {
    expect([formatBytes(812), formatBytes(65536), formatBytes(10276044), formatBytes(3 * 1024 ** 3)]).toEqual(["812 bytes", "64.0 KB", "9.8 MB", "3.0 GB"]);
  });
});
