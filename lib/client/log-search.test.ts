import { describe, expect, it } from "vitest";
import type { LogEntry } from "@/lib/client/log-buffer";
import { indexAtTime, logText, searchLog, splitMatches } from "@/lib/client/log-search";

const entry = (
  key: number,
  text: string,
  ts: number | null = null,
  receivedAt: number | null = null,
): LogEntry => ({
  key,
  kind: "line",
  line: { text, ts, priority: null, stream: "stdout" },
  receivedAt,
});
const log = [
  entry(0, "GET /health 200"),
  entry(1, "ERROR: disk full", 2000),
  entry(2, "get /users 500", null, 5000),
];

describe("log search", () => {
  it("finds matches ignoring case, among all lines or only them when filtering", () => {
    expect(searchLog(log, { text: "get", filter: false })).toEqual({ shown: log, matches: [0, 2] });
    const filtered = searchLog(log, { text: "GET", filter: true });
    expect(filtered.shown.map((e) => e.key)).toEqual([0, 2]);
    expect(filtered.matches).toEqual([0, 1]);
    expect(searchLog(log, { text: "", filter: true }).shown).toBe(log);
  });

  it("splits a line around every match, keeping the original case", () => {
    expect(splitMatches("Get a get", "GET")).toEqual([
      { text: "Get", match: true },
      { text: " a ", match: false },
      { text: "get", match: true },
    ]);
    expect(splitMatches("abc", "x")).toEqual([{ text: "abc", match: false }]);
  });

  it("jumps to the first line at or after a time, by the journal's time or the receipt time", () => {
    expect(indexAtTime(log, 1500)).toBe(1);
    expect(indexAtTime(log, 3000)).toBe(2);
    expect(indexAtTime(log, 9000)).toBe(-1);
  });

  it("downloads as plain text with UTC times where known", () => {
    expect(logText(log).split("\n")).toEqual([
      "GET /health 200",
      "1970-01-01T00:00:02.000Z ERROR: disk full",
      "1970-01-01T00:00:05.000Z get /users 500",
    ]);
  });
});
