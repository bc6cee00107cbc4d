import { createHash, timingSafeEqual } from "node:crypto";
import { RespawnError } from "@/lib/util/errors";
import { ListenerBatch, MAX_LISTENER_BODY_BYTES } from "./listener-events";
import type { HistoryRecorder } from "./recorder";

export interface ListenerIngestDeps {
  recorder: HistoryRecorder;
  /** The listener token configured for a host; undefined when the host has none (events refused). */
  tokenFor(hostId: string): string | undefined;
}

/** What the endpoint refused and accepted since start (shown on the status page, never the tokens). */
export interface ListenerIngestStats {
  batches: number;
  events: number;
  refusedAuth: number;
  refusedInvalid: number;
}

export interface ListenerIngest {
  /**
   * Checks the host's token, validates the body and records its events. Throws FORBIDDEN for a
   * missing or wrong token (or a host without one), INVALID for a malformed body.
   */
  ingestListenerEvents(hostId: string, token: string | null, body: unknown): { accepted: number };
  /** The same, returning the validated batch (a route that acts on its processes parses it once). */
  ingestListenerBatch(hostId: string, token: string | null, body: unknown): ListenerBatch;
  /** Token check alone, so a route can refuse before it reads the body. */
  checkListenerToken(hostId: string, token: string | null): void;
  stats(): ListenerIngestStats;
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | null | undefined): string | null {
  const m = header ? /^Bearer ([\x21-\x7e]{1,512})$/.exec(header.trim()) : null;
  return m?.[1] ?? null;
}

function sameSecret(a: string, b: string): boolean {
  // Hashing first makes the comparison constant-time whatever the lengths.
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function createListenerIngest(deps: ListenerIngestDeps): ListenerIngest {
  const stats: ListenerIngestStats = { batches: 0, events: 0, refusedAuth: 0, refusedInvalid: 0 };
  const checkListenerToken = (hostId: string, token: string | null): void => {
    const expected = deps.tokenFor(hostId);
    if (!expected || !token || !sameSecret(token, expected)) {
      stats.refusedAuth += 1;
      throw new RespawnError("FORBIDDEN", "event listener token refused", { hostId });
    }
  };
  const ingestListenerBatch = (hostId: string, token: string | null, body: unknown): ListenerBatch => {
      checkListenerToken(hostId, token);
      const parsed = ListenerBatch.safeParse(body);
      if (!parsed.success) {
        stats.refusedInvalid += 1;
        const first = parsed.error.issues[0];
        const where = first?.path.join(".") || "body";
        throw new RespawnError("INVALID", `malformed listener events: ${where}: ${first?.message ?? "invalid"}`, { hostId });
      }
      deps.recorder.recordListenerEvents(hostId, parsed.data);
      stats.batches += 1;
      stats.events += parsed.data.events.length;
      return parsed.data;
  };
  return {
    checkListenerToken,
    ingestListenerBatch,
    ingestListenerEvents: (hostId, token, body) => ({ accepted: ingestListenerBatch(hostId, token, body).events.length }),
    stats: () => ({ ...stats }),
  };
}

/** Reads a request body as JSON with a size cap; too large or not JSON is INVALID. */
export async function readListenerBody(request: Request, maxBytes = MAX_LISTENER_BODY_BYTES): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new RespawnError("INVALID", `listener body over ${maxBytes} bytes`);
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new RespawnError("INVALID", `listener body over ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new RespawnError("INVALID", "listener body is not JSON");
  }
}
