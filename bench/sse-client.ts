/** A minimal Server-Sent-Events reader over fetch, for benchmarks and tests. */
export interface SseMessage {
  event: string;
  data: string;
}

export interface SseClient {
  /** Resolves with the first message (after now) that `match` accepts. */
  next(match: (m: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  close(): void;
}

export async function connectSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(url, { signal: abort.signal, headers: { Accept: "text/event-stream", ...headers } });
  if (!res.ok || !res.body) throw new Error(`SSE ${url}: HTTP ${res.status}`);
  const waiters = new Set<{ match: (m: SseMessage) => boolean; resolve: (m: SseMessage) => void }>();
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(bytes, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message = parseBlock(block);
          if (!message) continue;
          for (const w of [...waiters]) {
            if (w.match(message)) {
              waiters.delete(w);
              w.resolve(message);
            }
          }
        }
      }
    } catch {
      // closed
    }
  })();
  return {
    next(match, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (m: SseMessage) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching SSE message within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close: () => abort.abort(),
  };
}

function parseBlock(block: string): SseMessage | null {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  return data.length ? { event, data: data.join("\n") } : null;
}
