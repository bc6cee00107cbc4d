/**
 * A supervisord log of 2 GiB or more (a sparse file made with truncate -s, on real supervisord):
 * its XML-RPC cannot send integers past 2^31-1, so the size and tail calls fail. Respawn says so
 * plainly and still shows what can be read.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSupervisordConnector } from "@/lib/connectors/supervisord/connector";
import type { Connector } from "@/lib/connectors/types";
import { programCommand, startSupervisord, type SupervisordInstance } from "@/test/harness/supervisord";

const live = () => AbortSignal.timeout(30_000);
let sv: SupervisordInstance;
let c: Connector;

beforeAll(async () => {
  sv = await startSupervisord({ programs: [{ name: "quiet", command: programCommand("sleeper.sh") }], logMaxBytes: 0 });
  c = createSupervisordConnector("big", { socket: sv.socketPath });
  const log = sv.logPath("quiet", "stdout");
  appendFileSync(log, "the first line\n");
  execFileSync("truncate", ["-s", String(2 ** 31 + 4096), log]);
  appendFileSync(log, "a line past 2 GiB\n");
});

afterAll(async () => {
  await c?.close();
  await sv?.stop();
});

describe("a supervisord log of 2 GiB or more", () => {
  it("says plainly that supervisord cannot read it, and shows the lines it can still send", async () => {
    const chunk = await c.readLog("quiet", "stdout", {}, live());
    const text = chunk.lines.map((l) => l.text).join("\n");
    expect(text).toMatch(/this log is 2 GiB or more: supervisord's XML-RPC cannot send its size/);
    expect(chunk.lines.map((l) => l.text)).toContain("the first line");
    expect(chunk.truncated).toBe(true);
  });

  it("ends a follow with the same plain reason instead of a bare HTTP 500", async () => {
    const ac = new AbortController();
    const follow = async () => {
      for await (const _ of c.followLog("quiet", "stdout", "0", ac.signal)) void _;
    };
    await expect(follow()).rejects.toMatchObject({ code: "UNAVAILABLE", message: expect.stringMatching(/2 GiB or more/) });
    ac.abort();
  });

  it("still reads a log just under 2 GiB the usual way, with its last line", async () => {
    const log = sv.logPath("quiet", "stderr");
    execFileSync("truncate", ["-s", String(2 ** 31 - 4096), log]);
    appendFileSync(log, "\nthe last line\n");
    const chunk = await c.readLog("quiet", "stderr", {}, live());
    expect(chunk.lines.map((l) => l.text).at(-1)).toBe("the last line");
    expect(chunk.lines.some((l) => /2 GiB/.test(l.text))).toBe(false);
  });
});
