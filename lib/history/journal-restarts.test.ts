import { describe, expect, it } from "vitest";
import { parseJournalRestarts, RESTART_MESSAGE_ID } from "./journal-restarts";

// Shaped like `journalctl -o json` lines of systemd 252 (user manager and system manager).
const userRestart = {
  __CURSOR: "s=1;i=2a",
  __REALTIME_TIMESTAMP: "1700000000123456",
  MESSAGE_ID: RESTART_MESSAGE_ID,
  MESSAGE: "flaky.service: Scheduled restart job, restart counter is at 3.",
  USER_UNIT: "flaky.service",
  N_RESTARTS: "3",
  _SYSTEMD_UNIT: "user@0.service",
};
const systemRestart = { ...userRestart, __CURSOR: "s=1;i=2b", USER_UNIT: undefined, UNIT: "db.service", N_RESTARTS: undefined };

describe("journal restart messages", () => {
  it("finds restart messages of user and system units, with time and counter", () => {
    expect(parseJournalRestarts([userRestart, systemRestart])).toEqual([
      { unit: "flaky.service", at: 1700000000123, cursor: "s=1;i=2a", counter: 3 },
      { unit: "db.service", at: 1700000000123, cursor: "s=1;i=2b", counter: null },
    ]);
  });

  it("skips other messages and malformed entries", () => {
    expect(parseJournalRestarts([{ ...userRestart, MESSAGE_ID: "39f53479d3a045ac8e11786248231fbf" }, { foo: 1 }, null, "x"])).toEqual([]);
  });
});
