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

/**
 * A Server-Sent-Events response. `start` is called once with a sink and may return a cleanup,
 * which runs exactly once when the client disconnects or the server closes the stream.
 */
export function sseResponse(request: Request, start: (sink: SseSink) => void | (() => void)): Response {
  const done = new AbortController();
  let cleanup: (() => void) | void;
  let cleaned = false;
  const runCleanup = () => {
    if (cleaned) return;
    cleaned = true;
    cleanup?.();
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (done.signal.aborted) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          finish();
        }
      };
      const heartbeat = setInterval(() => write(": keep-alive\n\n"), HEARTBEAT_MS);
      const finish = () => {
        if (done.signal.aborted) return;
        done.abort();
        clearInterval(heartbeat);
        request.signal.removeEventListener("abort", finish);
        try {
          runCleanup();
        } finally {
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        }
      };
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
      runCleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
