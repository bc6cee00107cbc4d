/**
 * A 10 MB log line and a supervisord log of 2 GiB or more (a sparse file made with truncate -s, on real supervisord):
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
  sv = await startSupervisord({
    programs: [
      { name: "quiet", command: programCommand("sleeper.sh") },
      { name: "long", command: programCommand("long-line.sh", 10 * 1024 * 1024) },
    ],
    logMaxBytes: 0,
  });
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

describe("a 10 MB log line on real supervisord", () => {
  const MARKED = / … 9\.8 MB more of this line$/;

  it("is one row on tail, cut at 256 KiB with the marker, then the next line", async () => {
    const text = async () => (await c.readLog("long", "stdout", { maxLines: 10 }, live())).lines.map((l) => l.text);
    let lines: string[] = [];
    for (let i = 0; i < 100 && lines.at(-1) !== "after"; i++) {
      lines = await text();
      await new Promise((r) => setTimeout(r, 100));
    }
    // The tail window (64 KB) starts inside the long line: it is found and shown by its head.
    expect(lines.map((l) => l.length)).toEqual([256 * 1024 + " … 9.8 MB more of this line".length, 5]);
    expect(lines[0]).toMatch(MARKED);
    expect(lines[1]).toBe("after");
  });

  it("is one marked row on a follow, not 41 rows of 256 KiB", async () => {
    const ac = new AbortController();
    const rows: string[] = [];
    for await (const chunk of c.followLog("long", "stdout", "0", ac.signal)) {
      rows.push(...chunk.lines.map((l) => l.text));
      if (rows.includes("after")) break;
    }
    ac.abort();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toBe("before");
    expect(rows[1]).toMatch(MARKED);
    expect(rows[1]?.startsWith("x".repeat(256 * 1024))).toBe(true);
    expect(rows[2]).toBe("after");
  });
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
