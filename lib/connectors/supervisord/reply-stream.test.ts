import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeReplyStream, type ReplyOutcome } from "./reply-stream";
import { createXmlRpcTransport } from "./transport";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** A valid getAllProcessInfo reply of about `mib` MiB: the recorded one's processes, repeated. */
function bigReply(mib: number): Buffer {
  const xml = readFileSync(path.join(__dirname, "fixtures", "get-all-process-info.xml"), "utf8");
  const inner = xml.slice(xml.indexOf("<data>") + 6, xml.lastIndexOf("</data>"));
  const head = xml.slice(0, xml.indexOf("<data>") + 6);
  const tail = xml.slice(xml.lastIndexOf("</data>"));
  const times = Math.ceil((mib * 1024 * 1024) / inner.length);
  return Buffer.from(head + inner.repeat(times) + tail);
}

function pieces(b: Buffer, size = 64 * 1024): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size));
  return out;
}

/** Decodes `reply` from memory while a setImmediate ticker runs; how many ticks ran before the end. */
function decodeWithTicker(reply: Buffer, sliceMs?: number): Promise<{ ticks: number; outcome: ReplyOutcome }> {
  return new Promise((resolve) => {
    let ticks = 0;
    let finished = false;
    const tick = () => {
      if (finished) return;
      ticks++;
      setImmediate(tick);
    };
    setImmediate(tick);
    decodeReplyStream(Readable.from(pieces(reply)), 64 * 1024 * 1024, (outcome) => {
      finished = true;
      resolve({ ticks, outcome });
    }, sliceMs);
  });
}

// 8 MiB keeps the unit project quick on a shared machine; the 31 MiB figures are in bench/big-reply.ts.
describe("decoding a big reply", { timeout: 60_000 }, () => {
  const reply = bigReply(8);

  it("lets the event loop run (timers, /livez, other hosts) between slices of a valid 8 MiB reply", async () => {
    const { ticks, outcome } = await decodeWithTicker(reply);
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && Array.isArray(outcome.reply.kind === "value" && outcome.reply.value)).toBe(true);
    expect(ticks).toBeGreaterThanOrEqual(20);
  });

  it("(the same decode in one piece lets nothing else run: what the slices prevent)", async () => {
    const { ticks, outcome } = await decodeWithTicker(reply, Number.POSITIVE_INFINITY);
    expect(outcome.ok).toBe(true);
    expect(ticks).toBeLessThanOrEqual(2);
  });
});

describe("a reply over the cap from a fake server (300 MB, chunked)", { timeout: 60_000 }, () => {
  let server: http.Server;
  let url = "";
  let written = 0;
  beforeAll(async () => {
    const piece = Buffer.from("<value><string>" + "x".repeat(4000) + "</string></value>".repeat(1));
    server = http.createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/xml" });
      res.write("<?xml version='1.0'?><methodResponse><params><param><value><array><data>");
      const pump = () => {
        while (!res.destroyed && written < 300 * 1024 * 1024) {
          written += piece.length;
          if (!res.write(piece)) return void res.once("drain", pump);
        }
        res.end("</data></array></value></param></params></methodResponse>");
      };
      pump();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/RPC2`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("is cut at the cap, and what was read of it is released", async () => {
    gc();
    const before = process.memoryUsage();
    const t = createXmlRpcTransport({ hostId: "big", url, timeoutMs: 60_000, maxResponseBytes: 32 * 1024 * 1024 });
    await expect(t.call("supervisor.getAllProcessInfo", [], AbortSignal.timeout(60_000))).rejects.toMatchObject({
      code: "BAD_RESPONSE",
      message: `reply larger than ${32 * 1024 * 1024} bytes`,
    });
    expect(written).toBeLessThan(300 * 1024 * 1024);
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setImmediate(r));
      gc();
    }
    const after = process.memoryUsage();
    const held = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
    expect(held).toBeLessThan(16 * 1024 * 1024);
  });
});
