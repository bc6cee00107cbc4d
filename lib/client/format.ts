import type { ProcessView } from "@/lib/client/types";

/** "3 s", "4 min", "2 h 5 min", "3 d 4 h": short, and precise enough to tell apart. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** Uptime as a clock, "1d 02:03:04" / "02:03:04": ticks visibly each second. */
export function formatUptime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86_400);
  const pad = (n: number) => String(n).padStart(2, "0");
  const clock = `${pad(Math.floor((total % 86_400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
  return d > 0 ? `${d}d ${clock}` : clock;
}

/** UTC time of day, with the date only when it is not today (UTC): "12:03Z", "2026-03-04 12:03Z". */
export function formatClock(at: number, now: number, seconds = false): string {
  const iso = new Date(at).toISOString();
  const time = `${iso.slice(11, seconds ? 19 : 16)}Z`;
  return iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? time : `${iso.slice(0, 10)} ${time}`;
}

/** "since 12:03 (4 min ago)". */
export function formatSince(at: number, now: number): string {
  return `since ${formatClock(at, now)} (${formatDuration(now - at)} ago)`;
}

/** "exit 1", "SIGKILL", "exit 1 · SIGTERM", or null when nothing is known. */
export function formatExit(p: Pick<ProcessView, "exitStatus" | "exitSignal">): string | null {
  const parts: string[] = [];
  if (p.exitStatus !== null) parts.push(`exit ${p.exitStatus}`);
  if (p.exitSignal) parts.push(p.exitSignal);
  return parts.length ? parts.join(" · ") : null;
}

/** A moment in UTC, ISO 8601 to the second: "2026-12-08T01:02:03Z" (one zone on every page). */
export function formatTimestamp(at: number): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** "2026-12-08T01:02:03Z (4 min ago)". */
export function formatAgo(at: number, now: number): string {
  return `${formatTimestamp(at)} (${formatDuration(now - at)} ago)`;
}

/** An audit detail as readable lines: "key: value" per field of a JSON object, else the text itself. */
export function formatDetail(detail: string | null): string[] {
  if (!detail) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(detail);
  } catch {
    return [detail];
  }
  if (typeof parsed !== "object" || parsed === null) return [String(parsed)];
  if (Array.isArray(parsed)) return parsed.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
  return Object.entries(parsed).map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
}
