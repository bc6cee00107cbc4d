import { apiUrl } from "@/lib/client/api";

export type StreamStatus = "connecting" | "live" | "reconnecting" | "ended";

export interface EventStreamOptions {
  /** Called on each (re)connect, so a reconnect can resume from the latest cursor. */
  url: () => string;
  /** Named SSE events to listen to, besides the unnamed `message`. */
  events: readonly string[];
  onMessage: (event: string, data: unknown) => void;
  onStatus: (status: StreamStatus) => void;
  /** The server's own `event: error` (with data): the stream is over, not to be reopened. */
  onServerError?: (data: unknown) => void;
}

const MAX_BACKOFF_MS = 15_000;

function parse(data: unknown): unknown {
  if (typeof data !== "string") return undefined;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Opens an EventSource and keeps it open. The browser's own reconnect would reuse the first URL
 * (an old log cursor), so on any drop the source is closed and reopened here, with backoff and
 * jitter, from `url()`. Returns the function that closes it for good.
 */
export function openEventStream(options: EventStreamOptions): () => void {
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let closed = false;

  const stop = () => {
    source?.close();
    source = null;
  };
  const reopenLater = () => {
    stop();
    options.onStatus("reconnecting");
    const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** failures);
    failures += 1;
    timer = setTimeout(open, base / 2 + Math.random() * (base / 2));
  };
  const onError = (e: Event) => {
    if (closed) return;
    const isServerError =
      e instanceof MessageEvent && typeof e.data === "string" && e.data.length > 0;
    if (isServerError && options.onServerError) {
      stop();
      options.onStatus("ended");
      options.onServerError(parse(e.data) ?? { message: String(e.data) });
      return;
    }
    reopenLater();
  };
  function open() {
    timer = null;
    if (closed) return;
    source = new EventSource(apiUrl(options.url()));
    source.onopen = () => {
      failures = 0;
      options.onStatus("live");
    };
    source.onmessage = (e) => options.onMessage("message", parse(e.data));
    for (const name of options.events) {
      source.addEventListener(name, (e) =>
        options.onMessage(name, parse((e as MessageEvent).data)),
      );
    }
    source.addEventListener("error", onError);
  }

  options.onStatus("connecting");
  open();
  return () => {
    closed = true;
    if (timer) clearTimeout(timer);
    stop();
  };
}
