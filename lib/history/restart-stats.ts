import { getListenerHost, type ListenerHost } from "@/lib/store/listener-hosts";
import type { Db } from "@/lib/store/open-store";
import { listSeen, type SeenProcess } from "@/lib/store/processes-seen";
import { countRecentRestarts, countRestartsSince, type WindowCounts } from "@/lib/store/restarts";
import type { Windows } from "./record-observed";

/** A restart count and whether it is exact or only "at least". */
export interface RestartCount {
  count: number;
  exact: boolean;
}

export interface RestartStats {
  processId: string;
  lastHour: RestartCount;
  last24h: RestartCount;
  /** Since Respawn first saw the process (`since`, epoch ms; null when never seen). */
  sinceFirstSeen: RestartCount & { since: number | null };
  /** How the counts can be made exact, when they are not ("install the event listener"). */
  hint: string | null;
}

const HOUR = 3_600_000;
const NO_COUNTS: WindowCounts = { lastHour: 0, last24h: 0, inexactLastHour: 0, inexactLast24h: 0 };
export const LISTENER_HINT =
  "counts come from polling and may miss fast restarts: install Respawn's supervisord event listener to make them exact (docs/HISTORY.md)";

/** Since when an exact source has watched the process, or null when none does. */
function exactSince(seen: SeenProcess, listener: ListenerHost | undefined, now: number, w: Windows): number | null {
  if (seen.manager === "systemd") return seen.exactSince;
  if (!listener || now - listener.lastEventAt > w.listenerStaleMs) return null;
  return listener.coveredSince;
}

/** A window is exact when nothing in it came from polling and an exact source watched all of it. */
function exactWindow(inexact: number, windowStart: number, seen: SeenProcess, since: number | null): boolean {
  return inexact === 0 && since !== null && since <= Math.max(windowStart, seen.firstSeenAt);
}

/** Restart counts (last hour, 24 h, since first seen) for each id; unknown ids get zeros, not exact. */
export function computeRestartStats(db: Db, ids: readonly string[], now: number, w: Windows): RestartStats[] {
  const seen = new Map(listSeen(db, ids).map((s) => [s.processId, s]));
  const recent = countRecentRestarts(db, ids, now);
  const listeners = new Map<string, ListenerHost | undefined>();
  return ids.map((id) => {
    const s = seen.get(id);
    if (!s) {
      const zero = { count: 0, exact: false };
      return { processId: id, lastHour: zero, last24h: zero, sinceFirstSeen: { ...zero, since: null }, hint: null };
    }
    if (!listeners.has(s.hostId)) listeners.set(s.hostId, getListenerHost(db, s.hostId));
    const since = exactSince(s, listeners.get(s.hostId), now, w);
    const c = recent.get(id) ?? NO_COUNTS;
    const lastHour = { count: c.lastHour, exact: exactWindow(c.inexactLastHour, now - HOUR, s, since) };
    const last24h = { count: c.last24h, exact: exactWindow(c.inexactLast24h, now - 24 * HOUR, s, since) };
    const total = { count: s.restartsTotal, exact: exactWindow(s.inexactTotal, s.firstSeenAt, s, since) };
    const hint = s.manager === "supervisord" && since === null ? LISTENER_HINT : null;
    return { processId: id, lastHour, last24h, sinceFirstSeen: { ...total, since: s.firstSeenAt }, hint };
  });
}

/** Processes restarted more than `threshold` times in the last `windowMs`, with their count. */
export function computeFlapping(
  db: Db,
  ids: readonly string[] | undefined,
  now: number,
  threshold: number,
  windowMs: number,
): Map<string, number> {
  const counts = countRestartsSince(db, now - windowMs, ids);
  const out = new Map<string, number>();
  for (const [id, n] of counts) if (n > threshold) out.set(id, n);
  return out;
}
