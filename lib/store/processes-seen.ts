import type { Db } from "./open-store";
import { stmt } from "./statements";
import type { ProcessKey } from "./transitions";

export interface SeenProcess extends ProcessKey {
  firstSeenAt: number;
  /** Last time Respawn saw it (updated about once a minute). */
  lastSeenAt: number;
  /** Restarts ever recorded (not pruned by retention). */
  restartsTotal: number;
  /** How many of those came from a source that can miss restarts (polling). */
  inexactTotal: number;
  /**
   * systemd: since when every restart has been seen (NRestarts watched live, or the journal read);
   * moves forward when Respawn was not watching for a while. Null for supervisord (see listener_hosts).
   */
  exactSince: number | null;
  /** An unfilled gap in watching began here (Respawn was down); null when there is none. */
  gapFrom: number | null;
}

interface Row {
  process_id: string;
  host_id: string;
  manager: ProcessKey["manager"];
  name: string;
  first_seen_at: number;
  last_seen_at: number;
  restarts_total: number;
  inexact_total: number;
  exact_since: number | null;
  gap_from: number | null;
}

function fromRow(r: Row): SeenProcess {
  return {
    processId: r.process_id,
    hostId: r.host_id,
    manager: r.manager,
    name: r.name,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    restartsTotal: r.restarts_total,
    inexactTotal: r.inexact_total,
    exactSince: r.exact_since,
    gapFrom: r.gap_from,
  };
}

/**
 * Records a sighting of a process. The earliest time given is kept as first seen (a journal
 * backfill may go back in time, and is exact, so it moves exact coverage back too when no gap is open).
 */
export function markSeen(db: Db, key: ProcessKey, at: number): void {
  stmt(
    db,
    `INSERT INTO processes_seen (process_id, host_id, manager, name, first_seen_at, last_seen_at, exact_since)
     VALUES (@processId, @hostId, @manager, @name, @at, @at, CASE WHEN @manager = 'systemd' THEN @at END)
     ON CONFLICT (process_id) DO UPDATE SET
       first_seen_at = MIN(first_seen_at, excluded.first_seen_at),
       exact_since = CASE WHEN gap_from IS NULL AND exact_since IS NOT NULL
         THEN MIN(exact_since, excluded.first_seen_at) ELSE exact_since END
     WHERE excluded.first_seen_at < first_seen_at`,
  ).run({ ...key, at });
}

/** Notes that the process is still watched (callers throttle this to about once a minute). */
export function touchSeen(db: Db, processId: string, at: number): void {
  stmt(db, "UPDATE processes_seen SET last_seen_at = MAX(last_seen_at, ?) WHERE process_id = ?").run(at, processId);
}

/**
 * Respawn sees a process again after not watching it (it was down): for systemd, restarts in
 * between are unknown until the journal fills them in, so exact coverage starts again at `at`.
 */
export function openGap(db: Db, processId: string, at: number): void {
  stmt(
    db,
    `UPDATE processes_seen SET gap_from = last_seen_at, exact_before_gap = exact_since, exact_since = @at,
       last_seen_at = @at
     WHERE process_id = @processId AND manager = 'systemd' AND exact_since IS NOT NULL AND gap_from IS NULL
       AND last_seen_at < @at`,
  ).run({ processId, at });
}

/** The journal was read from `readFrom` on: gaps of the host's units that began after it are filled. */
export function closeGaps(db: Db, hostId: string, readFrom: number): number {
  return stmt(
    db,
    `UPDATE processes_seen SET exact_since = exact_before_gap, gap_from = NULL, exact_before_gap = NULL
     WHERE host_id = ? AND manager = 'systemd' AND gap_from IS NOT NULL AND gap_from >= ?`,
  ).run(hostId, readFrom).changes;
}

export function getSeen(db: Db, processId: string): SeenProcess | undefined {
  const row = stmt(db, "SELECT * FROM processes_seen WHERE process_id = ?").get(processId) as Row | undefined;
  return row && fromRow(row);
}

/** The processes of these ids that were ever seen: one primary-key lookup per id, never a table scan. */
export function listSeen(db: Db, processIds: readonly string[]): SeenProcess[] {
  if (processIds.length === 0) return [];
  const rows = stmt(
    db,
    "SELECT * FROM processes_seen WHERE process_id IN (SELECT value FROM json_each(?))",
  ).all(JSON.stringify(processIds)) as Row[];
  return rows.map(fromRow);
}

/** The processes of one manager on one host that were ever seen (journal backfill, once per connect). */
export function listSeenOnHost(db: Db, hostId: string, manager: ProcessKey["manager"]): SeenProcess[] {
  const rows = stmt(db, "SELECT * FROM processes_seen WHERE host_id = ? AND manager = ?").all(hostId, manager) as Row[];
  return rows.map(fromRow);
}

/** Adjusts the never-pruned restart totals (an upgrade from inexact to exact passes restarts = 0). */
export function addRestartTotals(db: Db, processId: string, restarts: number, inexact: number): void {
  stmt(
    db,
    `UPDATE processes_seen SET restarts_total = restarts_total + @restarts,
       inexact_total = MAX(0, inexact_total + @inexact) WHERE process_id = @processId`,
  ).run({ processId, restarts, inexact });
}
