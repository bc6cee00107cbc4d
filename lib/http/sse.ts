import { acquireStreamSlot, streamOwner, type StreamSlot } from "./stream-limits";

const encoder = new TextEncoder();
const HEARTBEAT_MS = 15_000;

export interface SseSink {
  /** Sends one event; `event` names it (omit for the default "message"). */
  send(data: unknown, event?: string): void;
  /** Ends the stream from the server side. */
  close(): void;
  /** Aborted when the client goes away or the stream is closed. */
  signal: AbortSignal;
}

export interface SseOptions {
  /** The signed-in user: the stream counts against their cap instead of the client address's. */
  userId?: string | number;
}

/** What the registry knows of one open stream. */
interface OpenStream {
  kind: "fleet" | "log";
  /** Sends a last `event: shutdown` and ends the stream. */
  end(reason: string): void;
}

const slot = globalThis as typeof globalThis & { __respawnStreams?: { open: Set<OpenStream>; closing: boolean } };

// On globalThis: each route is bundled on its own, and shutdown must reach the streams of all of them.
function registry() {
  slot.__respawnStreams ??= { open: new Set(), closing: false };
  return slot.__respawnStreams;
}

/** Open streams by kind (fleet changes, log follows), for /metrics and tests. */
export function countOpenStreams(): { fleet: number; log: number } {
  const counts = { fleet: 0, log: 0 };
  for (const s of registry().open) counts[s.kind] += 1;
  return counts;
}

/** Shutdown: refuses new streams, then ends every open one with a final `event: shutdown`. */
export function closeAllStreams(reason = "Respawn is shutting down"): number {
  const r = registry();
  r.closing = true;
  const open = [...r.open];
  for (const s of open) s.end(reason);
  return open.length;
}

/**
 * A Server-Sent-Events response. `start` is called once with a sink and may return a cleanup,
 * which runs exactly once when the client disconnects or the server closes the stream.
 * Beyond the caller's stream cap it answers 429; during shutdown, 503.
 */
export function sseResponse(
  request: Request,
  start: (sink: SseSink) => void | (() => void),
  options: SseOptions = {},
): Response {
  if (registry().closing) return refuse(503, "UNAVAILABLE", "Respawn is shutting down", 5);
  const held = acquireStreamSlot(options.userId != null ? `user:${options.userId}` : streamOwner(request));
  if (!held) return refuse(429, "UNAVAILABLE", "too many live streams open for this user: close a tab and retry", 10);
  const kind = new URL(request.url).pathname.endsWith("/follow") ? "log" : "fleet";
  return new Response(openStream(request, start, held, kind), {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}

function openStream(
  request: Request,
  start: (sink: SseSink) => void | (() => void),
  held: StreamSlot,
  kind: OpenStream["kind"],
): ReadableStream<Uint8Array> {
  const done = new AbortController();
  let cleanup: (() => void) | void;
  let cleaned = false;
  const entry: OpenStream = { kind, end: () => undefined };
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  // Every way a stream can end (client gone, server close, shutdown) comes through here once.
  const release = () => {
    if (cleaned) return;
    cleaned = true;
    clearInterval(heartbeat);
    registry().open.delete(entry);
    held.release();
    cleanup?.();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (done.signal.aborted) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          finish();
        }
      };
      heartbeat = setInterval(() => write(": keep-alive\n\n"), HEARTBEAT_MS);
      const finish = () => {
        if (done.signal.aborted) return;
        done.abort();
        request.signal.removeEventListener("abort", finish);
        try {
          release();
        } finally {
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        }
      };
      entry.end = (reason) => {
        write(`event: shutdown\ndata: ${JSON.stringify({ reason })}\n\n`);
        finish();
      };
      registry().open.add(entry);
      request.signal.addEventListener("abort", finish);
      write("retry: 2000\n\n");
      const sink: SseSink = {
        send: (data, event) => write(`${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`),
        close: finish,
        signal: done.signal,
      };
      cleanup = start(sink);
      if (request.signal.aborted) finish();
    },
    cancel() {
      done.abort();
      release();
    },
  });
}

function refuse(status: number, code: string, message: string, retryAfterS: number): Response {
  return Response.json(
    { error: { code, message } },
    { status, headers: { "Cache-Control": "no-store", "Retry-After": String(retryAfterS) } },
  );
}
