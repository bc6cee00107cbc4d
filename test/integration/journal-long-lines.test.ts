import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalRunner } from "@/lib/connectors/journal/command";
import { followJournal, readJournal, type JournalTarget } from "@/lib/connectors/journal/reader";
import { MAX_LINE_BYTES } from "@/lib/connectors/long-line";
import type { LogLine } from "@/lib/connectors/types";
import { ensureUserManager, RUNTIME_DIR, systemctl, waitUntil } from "../harness/systemd";

const run = promisify(execFile);
const NATIVE = fileURLToPath(new URL("../fixtures/programs/journal-native.py", import.meta.url));
const TEN_MB = 10 * 1024 * 1024;
const target: JournalTarget = { runner: createLocalRunner("local"), hostId: "local", timeoutMs: 30_000 };
const prefix = `rsp-${randomBytes(3).toString("hex")}-`;
const units: string[] = [];

/** Runs `argv` as a transient user unit (its lines carry the unit's name) and waits for it to end. */
async function runUnit(name: string, argv: string[]): Promise<string> {
  const unit = `${prefix}${name}.service`;
  units.push(unit);
  await run("systemd-run", ["--user", "--quiet", "--wait", `--unit=${unit}`, ...argv], { env: { ...process.env, XDG_RUNTIME_DIR: RUNTIME_DIR } });
  return unit;
}

/** A line as "<fill> x <count> + <rest>", so a failure prints a short diff and not 256 KiB. */
function shape(text: string): string {
  const run = /^(.)\1*/.exec(text)?.[0] ?? "";
  return run.length > 100 ? `${run[0]} x ${run.length} +${text.slice(run.length)}` : text;
}

const CUT = ` x ${MAX_LINE_BYTES} + … 9.8 MB more of this line`;

/** Follows `unit` until a line `last` arrives. */
async function followUntil(unit: string, last: string, write: () => Promise<unknown>): Promise<LogLine[]> {
  const seen: LogLine[] = [];
  const ac = new AbortController();
  // As the log view does: a tail first, then a follow from its cursor.
  const { cursor } = await readJournal(target, unit, { maxLines: 1 }, AbortSignal.timeout(30_000));
  const follow = (async () => {
    for await (const chunk of followJournal(target, unit, cursor, ac.signal)) {
      seen.push(...chunk.lines);
      if (chunk.lines.some((l) => l.text === last)) ac.abort();
    }
  })();
  // journalctl -f must be running before the unit writes, or it starts after the lines.
  await new Promise((r) => setTimeout(r, 1500));
  await write();
  const timer = setTimeout(() => ac.abort(), 20_000);
  await follow;
  clearTimeout(timer);
  return seen;
}

beforeAll(ensureUserManager, 60_000);
afterAll(async () => {
  for (const u of units) await systemctl("reset-failed", u).catch(() => undefined);
});

describe("journal lines of 10 MB, on real journald", () => {
  it("a 10 MB entry written through the native protocol is cut at 256 KiB with the marker on tail, and the next line arrives", async () => {
    const unit = await runUnit("native", ["/usr/bin/python3", NATIVE, String(TEN_MB)]);
    let texts: string[] = [];
    // journald may store the entries a moment after the writer ended.
    await waitUntil("both entries in the journal", async () => {
      const tail = await readJournal(target, unit, { maxLines: 10 }, AbortSignal.timeout(30_000));
      texts = tail.lines.map((l) => shape(l.text)).filter((t) => t.startsWith("L") || t === "after the long line");
      return texts.length >= 2;
    }, 100, 200);
    expect(texts).toEqual([`L${CUT}`, "after the long line"]);
  }, 60_000);

  it("the same entry is cut the same way on a follow, and the lines after it still arrive", async () => {
    const name = `${prefix}native-follow.service`;
    const seen = await followUntil(name, "after the long line", () => runUnit("native-follow", ["/usr/bin/python3", NATIVE, String(TEN_MB), "F"]));
    const texts = seen.map((l) => shape(l.text)).filter((t) => /^(F|\[)/.test(t) || t === "after the long line");
    expect(texts).toEqual([`F${CUT}`, "after the long line"]);
  }, 60_000);

  it("a 10 MB line on a unit's stdout is split by journald at LineMax (48 KiB) into entries under the cut, none lost", async () => {
    const script = "import sys; sys.stdout.write('S' * 10485760 + '\\nafter the long line\\n')";
    const unit = await runUnit("stdout", ["/usr/bin/python3", "-c", script]);
    let tail = await readJournal(target, unit, { maxLines: 400, maxBytes: 64 * 1024 * 1024 }, AbortSignal.timeout(30_000));
    await waitUntil("the line after it", async () => {
      tail = await readJournal(target, unit, { maxLines: 400, maxBytes: 64 * 1024 * 1024 }, AbortSignal.timeout(30_000));
      return tail.lines.some((l) => l.text === "after the long line");
    }, 100, 200);
    const pieces = tail.lines.filter((l) => l.text.startsWith("S"));
    expect(pieces.every((l) => !l.text.includes("more of this line") && l.text.length <= 48 * 1024)).toBe(true);
    expect(pieces.reduce((n, l) => n + l.text.length, 0)).toBe(TEN_MB);
    expect(pieces.length).toBe(Math.ceil(TEN_MB / (48 * 1024)));
  }, 60_000);
});
