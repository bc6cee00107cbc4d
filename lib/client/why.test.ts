import { describe, expect, it } from "vitest";
import { makeProcess } from "@/lib/client/test-data";
import type { LogLine } from "@/lib/client/types";
import { managerReason, needsWhy, pickErrorLines, whyLine } from "@/lib/client/why";

const line = (text: string, ts: number | null = null, priority: number | null = null): LogLine => ({
  text,
  ts,
  priority,
  stream: "journal",
});

describe("why", () => {
  it("gives supervisord's spawn error and the exit in one line", () => {
    const p = makeProcess("g", {
      state: "gave-up",
      exitStatus: 78,
      spawnError: "Exited too quickly",
    });
    expect(whyLine(p)).toBe("exit 78 · Exited too quickly");
    expect(needsWhy(p)).toBe(true);
    expect(needsWhy(makeProcess("w"))).toBe(false);
  });

  it("says a systemd unit that gave up hit its start limit, with the limit, though Result is exit-code", () => {
    const p = makeProcess("u", {
      manager: "systemd",
      state: "gave-up",
      exitStatus: 4,
      spawnError: "exit-code",
      details: { startLimitBurst: 3, startLimitIntervalMs: 60_000 },
    });
    expect(managerReason(p)).toBe(
      "start limit hit (3 starts in 60 s); last run exited with a failure code",
    );
    expect(whyLine(p)).toBe(
      "exit 4 · start limit hit (3 starts in 60 s); last run exited with a failure code",
    );
  });

  it("translates systemd's Result words for a unit that only crashed", () => {
    const p = makeProcess("u", { manager: "systemd", state: "crashed", spawnError: "signal" });
    expect(managerReason(p)).toBe("killed by a signal");
  });

  it("picks warnings and errors up to the exit, else the last lines", () => {
    const lines = [
      line("a", 1000, 6),
      line("boom", 2000, 3),
      line("b", 3000, 6),
      line("later err", 60_000, 3),
    ];
    expect(pickErrorLines(lines, 3000).map((l) => l.text)).toEqual(["boom"]);
    const plain = [line("x"), line("y"), line("z")];
    expect(pickErrorLines(plain, 5000, 2).map((l) => l.text)).toEqual(["y", "z"]);
  });
});
