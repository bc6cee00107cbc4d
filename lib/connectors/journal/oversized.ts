import { cutBytes, formatBytes, MAX_LINE_BYTES } from "@/lib/connectors/long-line";
import type { Entry } from "./run";

/** Bytes kept from after the message to find the fields written after it (cursor, time). */
const TAIL_BYTES = 64 * 1024;
const Q = 0x22;
const BACKSLASH = 0x5c;

/** UTF-8 length of the character a JSON `\uXXXX` escape stands for (a surrogate pair counts 4 on its first half). */
function escapeBytes(code: number): number {
  if (code >= 0xdc00 && code <= 0xdfff) return 0;
  if (code >= 0xd800 && code <= 0xdbff) return 4;
  return code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
}

/** The entry from the JSON text kept around the message (`around`) and the cut message, if it was read. */
function toEntry(around: string, message: string | null, total: number): Entry {
  const field = (name: string) => new RegExp(`"${name}":"([^"\\\\]{1,512})"`).exec(around)?.[1];
  const priority = Number.parseInt(field("PRIORITY") ?? "", 10);
  return {
    line: {
      text: message ?? `[a journal entry of ${formatBytes(total)} whose message could not be read]`,
      ts: Math.floor(Number(field("__REALTIME_TIMESTAMP") ?? "0") / 1000),
      priority: priority >= 0 && priority <= 7 ? priority : null,
      stream: "journal",
    },
    cursor: field("__CURSOR") ?? "",
  };
}

/**
 * Reads a journal JSON line too long to hold (a message of many MB) as it streams by: keeps the
 * first MAX_LINE_BYTES of MESSAGE, counts its whole length, and finds cursor and time in the head
 * or in the bytes after the message. Memory stays within the head it is given plus TAIL_BYTES.
 */
export function createOversizedEntry(head: Buffer) {
  const text = head.toString("latin1"); // byte-for-byte, so offsets are byte offsets
  const m = /"MESSAGE":(\[|")/.exec(text);
  const kept: number[] = [];
  let state: "none" | "str" | "arr" | "done" = m ? (m[1] === "[" ? "arr" : "str") : "none";
  let count = 0;
  let esc = "";
  let num = "";
  const tail: Buffer[] = [];
  let tailSize = 0;
  const keep = (b: number) => kept.length < MAX_LINE_BYTES && kept.push(b);

  function strByte(b: number): void {
    if (esc) {
      esc += String.fromCharCode(b);
      if (esc[1] !== "u" || esc.length === 6) {
        const code = esc[1] === "u" ? Number.parseInt(esc.slice(2), 16) : 0;
        const ch = esc[1] === "u" ? String.fromCharCode(code) : (JSON.parse(`"${esc}"`) as string);
        for (const x of Buffer.from(ch, "utf8")) keep(x);
        count += esc[1] === "u" ? escapeBytes(code) : 1;
        esc = "";
      }
    } else if (b === BACKSLASH) esc = "\\";
    else if (b === Q) state = "done";
    else {
      keep(b);
      count++;
    }
  }

  function arrByte(b: number): void {
    if (b >= 0x30 && b <= 0x39) num += String.fromCharCode(b);
    else if (num) {
      keep(Number(num));
      count++;
      num = "";
    }
    if (b === 0x5d) state = "done";
  }

  function scan(buf: Buffer, from: number): void {
    let i = from;
    for (; i < buf.length && state !== "done"; i++) {
      const b = buf[i] as number;
      if (state === "str") strByte(b);
      else if (state === "arr") arrByte(b);
    }
    if (state === "done" || state === "none") addTail(buf.subarray(state === "none" ? from : i));
  }

  function addTail(buf: Buffer): void {
    if (buf.length === 0) return;
    tail.push(buf);
    tailSize += buf.length;
    while (tailSize - (tail[0]?.length ?? 0) >= TAIL_BYTES) tailSize -= (tail.shift() as Buffer).length;
  }

  scan(head, m ? m.index + m[0].length : head.length);
  let total = head.length;
  return {
    push(chunk: Buffer): void {
      total += chunk.length;
      scan(chunk, 0);
    },
    /** The entry as a line: its message cut with the marker, or a line saying it could not be read. */
    end: (): Entry => toEntry(`${text}\n${Buffer.concat(tail).toString("latin1")}`, state === "done" ? cutBytes(Buffer.from(kept), count) : null, total),
  };
}
