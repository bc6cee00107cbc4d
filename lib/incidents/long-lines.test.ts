import { describe, expect, it } from "vitest";
import { cutLine, MAX_LINE_BYTES } from "@/lib/connectors/long-line";
import { cutLongLine } from "./long-lines";

describe("incident snapshot lines", () => {
  it("keep a line of 200 KB whole: snapshots cut where tail and follow cut, not at 8 KB", () => {
    const line = "x".repeat(200 * 1024);
    expect(cutLongLine(line)).toBe(line);
  });

  it("cut a 10 MB line at the documented length and say how much is left out", () => {
    const out = cutLongLine("y".repeat(10 * 1024 * 1024));
    expect(out.startsWith("y".repeat(MAX_LINE_BYTES))).toBe(true);
    expect(out.endsWith(" … 9.8 MB more of this line")).toBe(true);
  });

  it("keep the marker of a line the connector already cut, instead of cutting it off", () => {
    const fromConnector = cutLine("z".repeat(3 * 1024 * 1024), 3 * 1024 * 1024);
    expect(cutLongLine(fromConnector)).toBe(fromConnector);
    expect(cutLongLine(fromConnector).endsWith("2.8 MB more of this line")).toBe(true);
  });
});
