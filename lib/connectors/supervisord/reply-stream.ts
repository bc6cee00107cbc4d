import type { Readable } from "node:stream";
import { createReplyDecoder, type ReplyDecoder } from "./xml-decoder";
import type { XmlRpcReply } from "./xml-codec";

/** Decoding gives the event loop back after this much work, so /livez and other hosts keep being served. */
export const DECODE_SLICE_MS = 5;

export type ReplyOutcome =
  | { ok: true; reply: XmlRpcReply }
  | { ok: false; why: "too-big" | "cut" | "aborted" | "malformed"; message: string };

/**
 * Decodes a reply body as it arrives: each piece goes to the incremental decoder at once (no
 * copy of the whole body is ever kept), work is cut into slices of ~DECODE_SLICE_MS with the
 * stream paused in between, and past `maxBytes` the stream is destroyed and the decoder dropped,
 * so what was read of a refused reply can be collected at once.
 */
export function decodeReplyStream(
  body: Readable,
  maxBytes: number,
  done: (outcome: ReplyOutcome) => void,
  sliceMs = DECODE_SLICE_MS,
): () => void {
  let decoder: ReplyDecoder | null = createReplyDecoder();
  let size = 0;
  let sliceStart = performance.now();
  let settled = false;
  const finish = (outcome: ReplyOutcome) => {
    if (settled) return;
    settled = true;
    decoder = null;
    body.removeAllListeners("data");
    if (!outcome.ok) body.destroy();
    done(outcome);
  };
  body.on("data", (d: Buffer) => {
    if (!decoder) return;
    size += d.length;
    if (size > maxBytes) return finish({ ok: false, why: "too-big", message: `reply larger than ${maxBytes} bytes` });
    try {
      decoder.push(d);
    } catch (e) {
      return finish({ ok: false, why: "malformed", message: e instanceof Error ? e.message : String(e) });
    }
    if (performance.now() - sliceStart < sliceMs) return;
    body.pause();
    setImmediate(() => {
      sliceStart = performance.now();
      if (!settled) body.resume();
    });
  });
  body.on("end", () => {
    if (!decoder) return;
    try {
      finish({ ok: true, reply: decoder.end() });
    } catch (e) {
      finish({ ok: false, why: "malformed", message: e instanceof Error ? e.message : String(e) });
    }
  });
  body.on("error", (e) => finish({ ok: false, why: "cut", message: `reply cut off: ${e.message}` }));
  body.on("aborted", () => finish({ ok: false, why: "aborted", message: "reply cut off" }));
  return () => finish({ ok: false, why: "cut", message: "abandoned" });
}
