import { describe, expect, it } from "vitest";
import { formatDetail, formatDuration, formatExit, formatSince, formatUptime } from "@/lib/client/format";

describe("format", () => {
  it("formats durations compactly", () => {
    expect(formatDuration(4_000)).toBe("4 s");
    expect(formatDuration(4 * 60_000)).toBe("4 min");
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe("2 h 5 min");
    expect(formatDuration(-5)).toBe("0 s");
  });
  it("formats uptime as a clock", () => {
    expect(formatUptime(3_723_000)).toBe("01:02:03");
    expect(formatUptime(86_400_000 + 1000)).toBe("1d 00:00:01");
  });
  it("says since when and how long ago", () => {
    const at = Date.UTC(2024, 0, 2, 12, 3);
    expect(formatSince(at, at + 4 * 60_000)).toBe("since 12:03Z (4 min ago)");
  });
  it("describes the last exit", () => {
    expect(formatExit({ exitStatus: 1, exitSignal: null })).toBe("exit 1");
    expect(formatExit({ exitStatus: null, exitSignal: "SIGKILL" })).toBe("SIGKILL");
    expect(formatExit({ exitStatus: null, exitSignal: null })).toBeNull();
  });
});

describe("formatClock", () => {
  it("writes midnight as 00:xx, not 24:xx", async () => {
    const { formatClock } = await import("@/lib/client/format");
    const at = Date.UTC(2024, 0, 2, 0, 5, 9);
    expect(formatClock(at, at)).toBe("00:05Z");
    expect(formatClock(at, at, true)).toBe("00:05:09Z");
  });
  it("shows times in UTC with the date when it is another day", async () => {
    const { formatClock } = await import("@/lib/client/format");
    const at = Date.UTC(2024, 0, 2, 23, 59);
    expect(formatClock(at, at + 3_600_000)).toBe("2024-01-02 23:59Z");
  });
});

describe("formatDetail", () => {
  it("shows a JSON object as key: value lines and anything else as written", () => {
    expect(formatDetail('{"reason":"bad password","attempts":3,"hosts":["a","b"]}')).toEqual([
      "reason: bad password",
      "attempts: 3",
      'hosts: ["a","b"]',
    ]);
    expect(formatDetail("restart refused: host is down")).toEqual(["restart refused: host is down"]);
    expect(formatDetail("{not json")).toEqual(["{not json"]);
    expect(formatDetail(null)).toEqual([]);
  });
});
