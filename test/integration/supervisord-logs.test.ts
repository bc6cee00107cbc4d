import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSupervisordConnector } from "@/lib/connectors/supervisord/connector";
import type { Connector, LogChunk } from "@/lib/connectors/types";
import { waitFor } from "@/test/contract/connector-contract";
import {
  programCommand,
  startSupervisord,
  type SupervisordInstance,
} from "@/test/harness/supervisord";

const live = () => new AbortController().signal;
const HOSTILE = "\u001b[31mred\u001b[0m café ✓ bad[\uFFFD\uFFFD\uFFFD] end";

/** Follows until `enough` says so (or 60 s pass), returning every chunk seen. */
async function follow(
  c: Connector,
  name: string,
  cursor: string,
  enough: (seen: LogChunk[]) => boolean,
) {
  const ac = new AbortController();
  const limit = setTimeout(() => ac.abort(), 60_000);
  const seen: LogChunk[] = [];
  try {
    for await (const chunk of c.followLog(name, "stdout", cursor, ac.signal)) {
      seen.push(chunk);
      if (enough(seen)) break;
    }
  } finally {
    clearTimeout(limit);
    ac.abort();
  }
  return seen;
}

const tickOf = (text: string) => Number(/^tick (\d+)/.exec(text)?.[1] ?? NaN);

describe("supervisord logs (real supervisord)", () => {
  let sv: SupervisordInstance;
  let c: Connector;

  beforeAll(async () => {
    sv = await startSupervisord({
      programs: [
        { name: "rotating", command: programCommand("logger.sh", 0.02), logMaxBytes: 2048 },
        { name: "hostile", command: programCommand("logger.sh", 0.3, "hostile") },
      ],
    });
    c = createSupervisordConnector("logs", { socket: sv.socketPath });
  });
  afterAll(async () => {
    await c?.close();
    await sv?.stop();
  });

  it("follows a log across rotations, in order, without repeating a line", async () => {
    const tail = await c.readLog("rotating", "stdout", { maxLines: 5 }, live());
    const seen = await follow(c, "rotating", tail.cursor, (s) => {
      const rotations = s.filter((x) => x.rotated).length;
      return rotations >= 2 && s[s.length - 1]!.lines.length > 0;
    });
    const rotated = seen.findIndex((x) => x.rotated);
    expect(rotated).toBeGreaterThanOrEqual(0);
    const ticks = seen.flatMap((x) => x.lines.map((l) => tickOf(l.text)));
    expect(ticks.every((t) => Number.isInteger(t))).toBe(true);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]).toBeGreaterThan(ticks[i - 1]!);
    expect(
      seen.slice(rotated + 1).some((x) => x.lines.length > 0) || seen[rotated]!.lines.length > 0,
    ).toBe(true);
  });

  it("reads a log with ANSI escapes and invalid UTF-8 intact: escapes raw, bad bytes as U+FFFD", async () => {
    const chunk = await waitFor(
      () => c.readLog("hostile", "stdout", { maxBytes: 4096 }, live()),
      (x) => x.lines.length >= 3,
    );
    for (const line of chunk.lines) expect(line.text).toBe(`tick ${tickOf(line.text)} ${HOSTILE}`);
    const seen = await follow(c, "hostile", chunk.cursor, (s) => s.some((x) => x.lines.length > 0));
    const line = seen.flatMap((x) => x.lines)[0]!;
    expect(line.text).toBe(`tick ${tickOf(line.text)} ${HOSTILE}`);
    expect(tickOf(line.text)).toBe(tickOf(chunk.lines[chunk.lines.length - 1]!.text) + 1);
  });

  it("reads stderr separately from stdout", async () => {
    const chunk = await waitFor(
      () => c.readLog("hostile", "stderr", {}, live()),
      (x) => x.lines.length > 0,
    );
    expect(
      chunk.lines.every((l) => /^tock \d+ on stderr$/.test(l.text) && l.stream === "stderr"),
    ).toBe(true);
  });

  it("reads a tail of a log that has bytes cut at both window edges", async () => {
    // Any byte count lands the window start inside some hostile line; every odd size is tried once.
    for (const maxBytes of [61, 67, 71, 73]) {
      const chunk = await c.readLog("hostile", "stdout", { maxBytes: maxBytes * 3 }, live());
      for (const l of chunk.lines) expect(l.text).toBe(`tick ${tickOf(l.text)} ${HOSTILE}`);
    }
  });
});
