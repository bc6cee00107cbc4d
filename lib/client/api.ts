import type {
  ConfigChangeNames,
  ConfigChanges,
  ConfigUpdateResult,
  ControlAction,
  ControlResult,
  FleetSnapshot,
  LogChunk,
  LogStream,
  ProcessUsage,
  UsageSample,
} from "@/lib/client/types";
import type { EndpointView, ProcessView } from "@/lib/client/types";
import { withBasePath } from "@/lib/util/base-path";

/**
 * The address of one of Respawn's own paths as the browser must ask for it: under the sub-path the
 * dashboard is served at (basePath), which Next.js adds to links and assets but not to fetch,
 * EventSource or plain `<a href>`. Every request the browser code makes goes through here.
 */
export function apiUrl(path: string): string {
  return path.startsWith("/") ? withBasePath(path) : path;
}

/** The app's own path of a browser location: "/respawn/p/x" → "/p/x" (what `?next=` carries). */
export function appPath(locationPath: string): string {
  const base = withBasePath("");
  return base && (locationPath === base || locationPath.startsWith(`${base}/`)) ? locationPath.slice(base.length) || "/" : locationPath;
}

/** fetch() for one of Respawn's own paths (see apiUrl). */
export function apiFetch(path: string, init?: RequestInit): Promise<Response> {
  return fetch(apiUrl(path), init);
}

/** An error answered by the JSON API (`{ error: { code, message } }`), or a transport failure. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
  }
}

export interface BatchItem {
  id: string;
  result?: ControlResult;
  error?: { code: string; message: string };
}

export interface ProcessDetail {
  process: ProcessView;
  endpoint: EndpointView;
}

function isErrorBody(body: unknown): body is { error: { code?: unknown; message?: unknown } } {
  return (
    typeof body === "object" &&
    body !== null &&
    "error" in body &&
    typeof body.error === "object" &&
    body.error !== null
  );
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Fetches JSON from the API; any `{error}` answer or non-2xx status becomes a thrown ApiError. */
export async function requestJson<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await apiFetch(url, {
      ...init,
      headers: { accept: "application/json", ...init?.headers },
    });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new ApiError("NETWORK", `Respawn did not answer: ${reason}`, 0);
  }
  const body = await readBody(response);
  if (isErrorBody(body)) {
    const code = typeof body.error.code === "string" ? body.error.code : "ERROR";
    const message =
      typeof body.error.message === "string" ? body.error.message : `HTTP ${response.status}`;
    throw new ApiError(code, message, response.status);
  }
  if (!response.ok)
    throw new ApiError(
      "HTTP",
      `HTTP ${response.status} ${response.statusText}`.trim(),
      response.status,
    );
  if (body === null)
    throw new ApiError(
      "BAD_RESPONSE",
      "Respawn answered something that is not JSON",
      response.status,
    );
  return body as T;
}

function postJson<T>(url: string, body: unknown): Promise<T> {
  return requestJson<T>(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** The URL path of one process's API resource. */
export function processUrl(id: string): string {
  return `/api/processes/${encodeURIComponent(id)}`;
}

export function fetchFleet(): Promise<FleetSnapshot> {
  return requestJson<FleetSnapshot>("/api/fleet");
}

export function fetchProcess(id: string): Promise<ProcessDetail> {
  return requestJson<ProcessDetail>(processUrl(id));
}

/** Runs one action; resolves with the manager's real outcome (which may be `ok: false`). */
export function runAction(id: string, action: ControlAction): Promise<ControlResult> {
  return postJson<ControlResult>(`${processUrl(id)}/actions`, { action });
}

/** The API takes at most this many ids per batch call. */
export const BATCH_LIMIT = 500;

/** Runs one action on many processes, in calls of at most BATCH_LIMIT ids; one item per id, in order. */
export async function runBatchAction(
  ids: readonly string[],
  action: ControlAction,
): Promise<BatchItem[]> {
  const items: BatchItem[] = [];
  for (let i = 0; i < ids.length; i += BATCH_LIMIT) {
    const slice = ids.slice(i, i + BATCH_LIMIT);
    const answer = await postJson<{ results: BatchItem[] }>("/api/actions", { action, ids: slice });
    items.push(...answer.results);
  }
  return items;
}

/** Reads a log: the tail without cursor, otherwise what follows the cursor. */
export function readLog(id: string, stream: LogStream, cursor?: string | null): Promise<LogChunk> {
  const params = new URLSearchParams({ stream });
  if (cursor) params.set("cursor", cursor);
  return requestJson<LogChunk>(`${processUrl(id)}/logs?${params.toString()}`);
}

/** URL of the live log follow stream (Server-Sent Events). */
export function logFollowUrl(id: string, stream: LogStream, cursor: string | null): string {
  const params = new URLSearchParams({ stream });
  if (cursor) params.set("cursor", cursor);
  return `${processUrl(id)}/logs/follow?${params.toString()}`;
}

/** URL of the whole available log of one stream, as a text file download. */
export function logDownloadUrl(id: string, stream: LogStream): string {
  // An <a href>, which Next.js does not put under the base path itself.
  return apiUrl(`${processUrl(id)}/logs/download?${new URLSearchParams({ stream }).toString()}`);
}

/** CPU time, memory and tasks of one process now; null where Respawn cannot read them. */
export async function fetchUsage(id: string): Promise<ProcessUsage | null> {
  return (await requestJson<{ usage: ProcessUsage | null }>(`${processUrl(id)}/usage`)).usage;
}

/** What a host's config files would change, as its manager's reread finds it. */
export interface HostConfigChanges {
  hostId: string;
  manager: string;
  changes: ConfigChanges;
}

function hostConfigUrl(hostId: string, verb: "reread" | "update"): string {
  return `/api/hosts/${encodeURIComponent(hostId)}/config/${verb}`;
}

/** Re-reads a host's config files (admin): added, changed and removed groups; nothing running changes. */
export function rereadHostConfig(hostId: string): Promise<HostConfigChanges> {
  return postJson<HostConfigChanges>(hostConfigUrl(hostId, "reread"), {});
}

/** Loads the changes that were shown (admin); CONFLICT when the files changed since. */
export function updateHostConfig(hostId: string, expected: ConfigChangeNames): Promise<ConfigUpdateResult> {
  return postJson<ConfigUpdateResult>(hostConfigUrl(hostId, "update"), { expected });
}

/** The shared sampler's latest CPU % and memory of every running process, by process id. */
export async function fetchFleetUsage(): Promise<Record<string, UsageSample>> {
  return (await requestJson<{ samples: Record<string, UsageSample> }>("/api/usage")).samples;
}

/** One minute of a process's CPU % (peak) and memory (peak), as the store keeps them for 24 h. */
export interface UsageMinute {
  at: number;
  cpuPercent: number | null;
  memoryBytes: number | null;
}

/** The last 24 h of a process's usage, one point per sampled minute, oldest first. */
export async function fetchUsageHistory(id: string): Promise<UsageMinute[]> {
  return (await requestJson<{ minutes: UsageMinute[] }>(`${processUrl(id)}/usage/history`)).minutes;
}
