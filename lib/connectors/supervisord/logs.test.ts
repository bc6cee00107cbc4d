import { formatBytes, MAX_LINE_BYTES } from "./long-lines";
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

  it("emits a line longer than the window whole, on its own, instead of stalling or splitting it", async () => {
    const file = { data: Buffer.from("x".repeat(100) + "\nnext\n") };
    const chunk = await readSupervisordLog(logClient(file), "p", "stdout", { cursor: "0", maxBytes: 40 }, live());
    expect(texts(chunk)).toEqual(["x".repeat(100)]);
    expect(parseLogCursor(chunk.cursor)).toEqual({ offset: 101, midLine: false });
    const rest = await readSupervisordLog(logClient(file), "p", "stdout", { cursor: chunk.cursor }, live());
    expect(texts(rest)).toEqual(["next"]);
  });

  it("follows a 10 MB line as one row cut at MAX_LINE_BYTES with the marker, not 41 unmarked 256 KiB rows", async () => {
    const line = "é".repeat(5 * 1024 * 1024); // 10 MiB of two-byte characters
    const file = { data: Buffer.from(`before\n${line}\nafter\n`) };
    const client = logClient(file);
    const rows: string[] = [];
    let cursor = "0";
    for (let i = 0; i < 10; i++) {
      const chunk = await readSupervisordLog(client, "p", "stdout", { cursor }, live());
      rows.push(...texts(chunk));
      if (chunk.cursor === cursor) break;
      cursor = chunk.cursor;
    }
    expect(rows).toHaveLength(3);
    expect(rows[0]).toBe("before");
    expect(rows[2]).toBe("after");
    const cut = rows[1]!;
    expect(cut.startsWith("é".repeat(1000))).toBe(true);
    expect(Buffer.byteLength(cut.split(" … ")[0]!, "utf8")).toBe(MAX_LINE_BYTES);
    expect(cut).toMatch(/ … 9\.8 MB more of this line$/);
  });

  it("shows a 10 MB last line on tail, cut with the marker, instead of nothing", async () => {
    const file = { data: Buffer.from(`first\n${"y".repeat(10 * 1024 * 1024)}\n`) };
    const chunk = await readSupervisordLog(logClient(file), "p", "stdout", {}, live());
    expect(texts(chunk)).toHaveLength(1);
    expect(texts(chunk)[0]).toBe(`${"y".repeat(MAX_LINE_BYTES)} … 9.8 MB more of this line`);
    expect(parseLogCursor(chunk.cursor)).toEqual({ offset: file.data.length, midLine: false });
    expect(formatBytes(10 * 1024 * 1024 - MAX_LINE_BYTES)).toBe("9.8 MB");
  });

  it("says how much more of a line still being written was left out once its end arrives", async () => {
    const file = { data: Buffer.from(`${"z".repeat(600 * 1024)}`) };
    const client = logClient(file);
    const first = await readSupervisordLog(client, "p", "stdout", { cursor: "0" }, live());
    expect(texts(first)[0]).toMatch(/ … at least 344\.0 KB more of this line$/);
    expect(parseLogCursor(first.cursor)).toEqual({ offset: 600 * 1024, midLine: true });
    file.data = Buffer.concat([file.data, Buffer.from(`${"z".repeat(1024)}\nnext\n`)]);
    const second = await readSupervisordLog(client, "p", "stdout", { cursor: first.cursor }, live());
    expect(texts(second)).toEqual(["… 1.0 KB more of the line above"]);
    const third = await readSupervisordLog(client, "p", "stdout", { cursor: second.cursor }, live());
    expect(texts(third)).toEqual(["next"]);
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
