/**
 * supervisord's own web interface ([inet_http_server]) used the way people use it: one status page
 * per host, refreshed with its Refresh button, and its "Tail -f" log stream.
 */
import http from "node:http";

export interface WebHost {
  /** http://127.0.0.1:PORT (no path). */
  base: string;
  username: string;
  password: string;
}

function get(host: WebHost, path: string): http.ClientRequest {
  const auth = Buffer.from(`${host.username}:${host.password}`).toString("base64");
  return http.get(`${host.base}${path}`, { agent: false, headers: { Authorization: `Basic ${auth}` } });
}

/** Fetches one page as a browser does (following its redirect); resolves with size in bytes and time, ms. */
export async function loadPage(host: WebHost, path: string): Promise<{ bytes: number; ms: number }> {
  const t0 = performance.now();
  let next: string | null = path;
  let bytes = 0;
  // The Refresh button answers a redirect to the status page with a message: two requests.
  for (let hops = 0; next && hops < 3; hops++) {
    const res = await fetchOnce(host, next);
    bytes = res.bytes;
    next = res.location ? new URL(res.location, host.base).pathname + new URL(res.location, host.base).search : null;
  }
  return { bytes, ms: performance.now() - t0 };
}

function fetchOnce(host: WebHost, path: string): Promise<{ bytes: number; location: string | null }> {
  return new Promise((resolve, reject) => {
    const req = get(host, path);
    req.on("response", (res) => {
      let bytes = 0;
      res.on("data", (d: Buffer) => (bytes += d.length));
      const redirect = res.statusCode && res.statusCode >= 300 && res.statusCode < 400 ? (res.headers.location ?? null) : null;
      res.on("end", () => resolve({ bytes, location: redirect }));
    });
    req.on("error", reject);
  });
}

/** Refreshes every host's status page once per `everyMs` until `signal` aborts; returns page timings. */
export async function refreshPages(hosts: WebHost[], everyMs: number, signal: AbortSignal): Promise<{ bytes: number; ms: number[] }> {
  const ms: number[] = [];
  let bytes = 0;
  await Promise.all(
    hosts.map(async (host) => {
      while (!signal.aborted) {
        const started = performance.now();
        const page = await loadPage(host, "/index.html?action=refresh");
        ms.push(page.ms);
        bytes = page.bytes;
        await new Promise((r) => setTimeout(r, Math.max(0, everyMs - (performance.now() - started))));
      }
    }),
  );
  return { bytes, ms };
}

/** Opens supervisord's own "Tail -f" stream of a program on each host; returns a closer. */
export function tailLogs(hosts: WebHost[], program: string): () => void {
  const reqs = hosts.map((host) => {
    const req = get(host, `/logtail/${encodeURIComponent(program)}`);
    req.on("response", (res) => res.resume());
    req.on("error", () => undefined);
    return req;
  });
  return () => reqs.forEach((r) => r.destroy());
}
