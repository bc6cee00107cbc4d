import type { Db } from "./open-store";
import { stmt } from "./statements";

/** A host whose supervisord event listener reports to Respawn. */
export interface ListenerHost {
  hostId: string;
  /** Since when the listener has reported without a gap: restarts after this are counted exactly. */
  coveredSince: number;
  lastEventAt: number;
  droppedTotal: number;
}

interface Row {
  host_id: string;
  covered_since: number;
  last_event_at: number;
  dropped_total: number;
}

export function getListenerHost(db: Db, hostId: string): ListenerHost | undefined {
  const r = stmt(db, "SELECT * FROM listener_hosts WHERE host_id = ?").get(hostId) as Row | undefined;
  return r && {
    hostId: r.host_id,
    coveredSince: r.covered_since,
    lastEventAt: r.last_event_at,
    droppedTotal: r.dropped_total,
  };
}

/**
 * Notes that the listener of a host reported at `at`. Coverage (re)starts at `coverFrom` (default
 * `at`) on first contact, when the listener was silent longer than `staleMs` (it may have missed
 * events) or says it dropped some.
 */
export function touchListenerHost(db: Db, hostId: string, at: number, dropped: number, staleMs: number, coverFrom = at): void {
  stmt(
    db,
    `INSERT INTO listener_hosts (host_id, covered_since, last_event_at, dropped_total)
     VALUES (@hostId, @coverFrom, @at, @dropped)
     ON CONFLICT (host_id) DO UPDATE SET
       covered_since = CASE WHEN @dropped > 0 OR @at - last_event_at > @staleMs THEN @coverFrom ELSE covered_since END,
       last_event_at = MAX(last_event_at, @at),
       dropped_total = dropped_total + @dropped`,
  ).run({ hostId, at, dropped, staleMs, coverFrom: Math.min(coverFrom, at) });
}
