/** Small helpers shared by the fault tests: read the dashboard's API and wait for conditions. */
import http from "node:http";
import { readFileSync } from "node:fs";
import type { EndpointView, FleetSnapshot } from "@/lib/fleet/types";

/** The part of the app harness these helpers need. */
export interface SignedInApp {
  url: string;
  headersFor(role?: "viewer" | "operator" | "admin"): Promise<Record<string, string>>;
}

export async function readFleet(app: SignedInApp): Promise<FleetSnapshot> {
  const res = await fetch(`${app.url}/api/fleet`, { headers: await app.headersFor("viewer") });
  if (!res.ok) throw new Error(`/api/fleet: HTTP ${res.status}`);
  return (await res.json()) as FleetSnapshot;
}

export async function endpointOf(app: SignedInApp, hostId: string): Promise<EndpointView> {
  const found = (await readFleet(app)).endpoints.find((e) => e.hostId === hostId);
  if (!found) throw new Error(`no endpoint for host ${hostId}`);
  return found;
}

/** Polls `check` until it returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

/** Resident memory of a process in bytes. */
export function rssBytes(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  return kb * 1024;
}

/** TCP connections in ESTABLISHED state whose local port is `port` (the server side of them). */
export function establishedOn(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  let n = 0;
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === "01") n += 1;
    }
  }
  return n;
}

export interface RawStream {
  status: number;
  /** Everything received so far. */
  text(): string;
  /** Resolves when the server ends the response (or the socket closes). */
  ended: Promise<void>;
  destroy(): void;
}

/** Opens an SSE stream on its own socket (no pooling), so many can be held and killed at once. */
export function openRawStream(url: string, headers: Record<string, string> = {}): Promise<RawStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { Accept: "text/event-stream", ...headers } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      const ended = new Promise<void>((r) => {
        res.once("end", () => r());
        res.once("close", () => r());
      });
      resolve({ status: res.statusCode ?? 0, text: () => body, ended, destroy: () => req.destroy() });
    });
    req.once("error", reject);
  });
}

/** Reads one sample of /metrics (enabled, no token) by a regular expression with one group. */
export async function readMetric(url: string, line: RegExp): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(line.exec(text)?.[1] ?? NaN);
}

export function portOf(url: string): number {
  return Number(new URL(url).port);
}
