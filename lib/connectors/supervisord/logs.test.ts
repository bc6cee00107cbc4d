import { describe, expect, it } from "vitest";
import type { SupervisordClient } from "./client";
import { SupervisordHttpError } from "./faults";
import { readLogWindow } from "./log-window";
import { FOLLOW_MAX_POLL_MS, FOLLOW_POLL_MS, followDelay, parseLogCursor, readSupervisordLog, splitPieces } from "./logs";

/** Reads bytes the way supervisord does: strict UTF-8, HTTP 500 for anything undecodable. */
function strictReader(log: () => Buffer, calls = { n: 0 }) {
  return async (offset: number, length: number): Promise<string> => {
    calls.n += 1;
    const bytes = log().subarray(offset, offset + length);
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new SupervisordHttpError(500, "h");
    }
  };
}

/** A client over an in-memory log file, for the reader only. */
function logClient(file: { data: Buffer }): SupervisordClient {
  const read = strictReader(() => file.data);
  return {
    tailProcessLog: async () => ["", file.data.length, false],
    readProcessLog: async (_n: string, _s: string, offset: number, length: number) =>
      read(offset, length),
  } as unknown as SupervisordClient;
}

const live = () => new AbortController().signal;
const texts = (c: { lines: Array<{ text: string }> }) => c.lines.map((l) => l.text);

describe("reading a log window supervisord may refuse", () => {
  it("leaves a character cut by the window's end for the next read", async () => {
    const data = Buffer.from("café ✓\n");
    const w = await readLogWindow(
      strictReader(() => data),
      0,
      7,
    ); // cuts ✓ (3 bytes) after its first byte
    expect(w.pieces.map((p) => p.text).join("")).toBe("café ");
    expect(w.end).toBe(6);
  });

  it("replaces bytes that are not UTF-8 with U+FFFD and keeps everything else, ANSI included", async () => {
    const data = Buffer.concat([
      Buffer.from("a \u001b[31mred\u001b[0m é "),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from("] ✓ end\nnext line\n"),
    ]);
    const w = await readLogWindow(
      strictReader(() => data),
      0,
      data.length,
    );
    const text = w.pieces.map((p) => p.text).join("");
    expect(text).toBe("a \u001b[31mred\u001b[0m é \uFFFD\uFFFD\uFFFD] ✓ end\nnext line\n");
    expect(w.end).toBe(data.length);
    const covered = w.pieces.reduce((n, p) => n + p.bytes, 0);
    expect(covered).toBe(data.length);
  });

  it("drops at most three head bytes of a tail window that starts inside a character", async () => {
    const data = Buffer.from("✓✓\nok\n");
    const w = await readLogWindow(
      strictReader(() => data),
      1,
      data.length,
      true,
    );
    expect(w.pieces.map((p) => p.text).join("")).toBe("✓\nok\n");
  });
});

describe("supervisord log reader", () => {
  it("tails complete lines from a line boundary and returns a byte cursor", async () => {
    const file = { data: Buffer.from("one\ntwo\nthree\nfour") };
    const chunk = await readSupervisordLog(
      logClient(file),
      "p",
      "stdout",
      { maxBytes: 12 },
      live(),
    );
    expect(texts(chunk)).toEqual(["three"]);
    expect(chunk.truncated).toBe(true);
    expect(chunk.cursor).toBe(String("one\ntwo\nthree\n".length));
  });

  it("follows: emits only complete lines, then the rest once its newline arrives", async () => {
    const file = { data: Buffer.from("a\n") };
    const client = logClient(file);
    const tail = await readSupervisordLog(client, "p", "stdout", {}, live());
    file.data = Buffer.from("a\nb é\npart");
    const next = await readSupervisordLog(client, "p", "stdout", { cursor: tail.cursor }, live());
    expect(texts(next)).toEqual(["b é"]);
    file.data = Buffer.from("a\nb é\npartial ✓\n");
    const last = await readSupervisordLog(client, "p", "stdout", { cursor: next.cursor }, live());
    expect(texts(last)).toEqual(["partial ✓"]);
    expect(last.rotated).toBe(false);
  });

  it("notices a rotation when the log shrank, and when the new log already grew past the cursor", async () => {
    const file = { data: Buffer.from("old line 1\nold line 2\n") };
    const client = logClient(file);
    const tail = await readSupervisordLog(client, "p", "stdout", {}, live());
    file.data = Buffer.from("new\n");
    const shrunk = await readSupervisordLog(client, "p", "stdout", { cursor: tail.cursor }, live());
    expect(shrunk).toMatchObject({ rotated: true });
    expect(texts(shrunk)).toEqual(["new"]);
    file.data = Buffer.from("a much longer replacement log line\nand more\n");
    const grown = await readSupervisordLog(client, "p", "stdout", { cursor: "11" }, live());
    expect(grown.rotated).toBe(true);
    expect(texts(grown)).toEqual(["a much longer replacement log line", "and more"]);
  });

  it("emits a line longer than the window on its own instead of stalling", async () => {
    const file = { data: Buffer.from("x".repeat(100) + "\n") };
    const chunk = await readSupervisordLog(
      logClient(file),
      "p",
      "stdout",
      { cursor: "0", maxBytes: 40 },
      live(),
    );
    expect(texts(chunk)).toEqual(["x".repeat(40)]);
    expect(parseLogCursor(chunk.cursor)).toEqual({ offset: 40, midLine: true });
    const rest = await readSupervisordLog(
      logClient(file),
      "p",
      "stdout",
      { cursor: chunk.cursor, maxBytes: 100 },
      live(),
    );
    expect(texts(rest)).toEqual(["x".repeat(60)]);
  });

  it("keeps a follow going over bytes that are not UTF-8", async () => {
    const file = { data: Buffer.from("start\n") };
    const client = logClient(file);
    const tail = await readSupervisordLog(client, "p", "stderr", {}, live());
    file.data = Buffer.concat([
      file.data,
      Buffer.from("bad "),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(" ok\n"),
    ]);
    const next = await readSupervisordLog(client, "p", "stderr", { cursor: tail.cursor }, live());
    expect(texts(next)).toEqual(["bad \uFFFD( ok"]);
    expect(next.cursor).toBe(String(file.data.length));
  });

  it("splits pieces into lines with byte offsets, dropping a CR before LF", () => {
    const { lines, rest } = splitPieces([
      { text: "é\r\nb", offset: 10, bytes: 5 },
      { text: "c\nd", offset: 15, bytes: 3 },
    ]);
    expect(lines).toEqual([
      { text: "é", end: 14 },
      { text: "bc", end: 17 },
    ]);
    expect(rest).toBe("d");
  });

  it("refuses a cursor that is not one of ours", () => {
    expect(() => parseLogCursor("abc")).toThrow(/cursor/);
  });
});

describe("follow pacing", () => {
  it("polls quickly while lines flow and backs off to once a second on an idle log", () => {
    expect(followDelay(1)).toBe(FOLLOW_POLL_MS);
    expect(followDelay(2)).toBe(2 * FOLLOW_POLL_MS);
    expect(followDelay(10)).toBe(FOLLOW_MAX_POLL_MS);
  });
});
