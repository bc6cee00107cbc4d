import type { Db } from "./open-store";
import { addRestartTotals } from "./processes-seen";
import { stmt } from "./statements";
import type { HistorySource, TransitionCause } from "./transitions";

export interface RestartRecord {
  processId: string;
  /** Epoch ms of the restart (or when a poll noticed it). */
  at: number;
  source: HistorySource;
  /** True when the source sees every restart (event listener, NRestarts, journal). */
  exact: boolean;
  /** The pid of the new run, when known. */
  pid: number | null;
  cause: TransitionCause;
  /** Source's own id (a journal cursor), so a backfill never counts one message twice. */
  ref: string | null;
}

/** Inserts a restart and bumps the process's totals; false when `ref` was already recorded. */
export function insertRestart(db: Db, r: RestartRecord): boolean {
  const info = stmt(
    db,
    `INSERT INTO restarts (process_id, at, source, exact, pid, cause, ref)
     VALUES (@processId, @at, @source, @exact, @pid, @cause, @ref) ON CONFLICT DO NOTHING`,
  ).run({ ...r, exact: r.exact ? 1 : 0 });
  if (info.changes === 0) return false;
  addRestartTotals(db, r.processId, 1, r.exact ? 0 : 1);
  return true;
}

/** How many restarts of a process are recorded in [from, to]. */
export function countRestartsBetween(db: Db, processId: string, from: number, to: number): number {
  const row = stmt(
    db,
    "SELECT COUNT(*) AS n FROM restarts WHERE process_id = ? AND at BETWEEN ? AND ?",
  ).get(processId, from, to) as { n: number };
  return row.n;
}

/** The oldest restart in [from, to] that a poll recorded and an exact source may now claim. */
export function findInexactRestart(db: Db, processId: string, from: number, to: number): { id: number } | undefined {
  return stmt(
    db,
    "SELECT id FROM restarts WHERE process_id = ? AND exact = 0 AND at BETWEEN ? AND ? ORDER BY at, id LIMIT 1",
  ).get(processId, from, to) as { id: number } | undefined;
}

/** Turns a polled restart into the exact one an event source reported. */
export function upgradeRestart(db: Db, id: number, processId: string, r: Omit<RestartRecord, "processId">): void {
  const info = stmt(
    db,
    `UPDATE restarts SET at = @at, source = @source, exact = 1, pid = COALESCE(@pid, pid), cause = @cause,
       ref = COALESCE(@ref, ref) WHERE id = @id AND exact = 0`,
  ).run({ ...r, exact: 1, id });
  if (info.changes > 0) addRestartTotals(db, processId, 0, -1);
}

/** True when an exact restart of the process is already recorded in [from, to]. */
export function hasExactRestart(db: Db, processId: string, from: number, to: number): boolean {
  return Boolean(
    stmt(db, "SELECT 1 FROM restarts WHERE process_id = ? AND exact = 1 AND at BETWEEN ? AND ? LIMIT 1").get(
      processId,
      from,
      to,
    ),
  );
}

export interface WindowCounts {
  lastHour: number;
  last24h: number;
  inexactLastHour: number;
  inexactLast24h: number;
}

/**
 * Restart counts in the last hour and 24 hours of these processes (those with none are left out).
 * Reads only their rows through the (process_id, at) index, so one changed process costs one seek.
 */
export function countRecentRestarts(db: Db, processIds: readonly string[], now: number): Map<string, WindowCounts> {
  if (processIds.length === 0) return new Map();
  const rows = stmt(
    db,
    `SELECT process_id AS id, COUNT(*) AS d, SUM(at >= @hour) AS h,
       SUM(exact = 0) AS xd, SUM(exact = 0 AND at >= @hour) AS xh
     FROM restarts WHERE process_id IN (SELECT value FROM json_each(@ids)) AND at >= @day AND at <= @now
     GROUP BY process_id`,
  ).all({ ids: JSON.stringify(processIds), now, hour: now - 3_600_000, day: now - 86_400_000 }) as Array<{
    id: string;
    d: number;
    h: number;
    xd: number;
    xh: number;
  }>;
  return new Map(
    rows.map((r) => [r.id, { lastHour: r.h, last24h: r.d, inexactLastHour: r.xh, inexactLast24h: r.xd }]),
  );
}

/** Restarts per process since `since` (for flapping), of these processes or, when omitted, of all. */
export function countRestartsSince(db: Db, since: number, processIds?: readonly string[]): Map<string, number> {
  const rows = (
    processIds
      ? stmt(
          db,
          `SELECT process_id AS id, COUNT(*) AS n FROM restarts
           WHERE process_id IN (SELECT value FROM json_each(?)) AND at >= ? GROUP BY process_id`,
        ).all(JSON.stringify(processIds), since)
      : stmt(db, "SELECT process_id AS id, COUNT(*) AS n FROM restarts WHERE at >= ? GROUP BY process_id").all(since)
  ) as Array<{ id: string; n: number }>;
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** Restarts of one process per bucket, oldest bucket first: `buckets` buckets of `bucketMs` ending at `now`. */
export function restartBuckets(db: Db, processId: string, now: number, bucketMs: number, buckets: number): number[] {
  const from = now - bucketMs * buckets;
  const rows = stmt(
    db,
    `SELECT CAST((at - @from) / @bucketMs AS INTEGER) AS b, COUNT(*) AS n FROM restarts
     WHERE process_id = @processId AND at >= @from AND at < @now GROUP BY b`,
  ).all({ processId, from, now, bucketMs }) as Array<{ b: number; n: number }>;
  const out = new Array<number>(buckets).fill(0);
  for (const r of rows) if (r.b >= 0 && r.b < buckets) out[r.b] = r.n;
  return out;
}

/**
 * Lets a journal message claim a restart that was counted live (NRestarts went up, or NRestarts at first sight) and has no
 * ref yet, moving it to the journal's exact time. Returns false when there was none to claim.
 */
export function claimRestart(db: Db, processId: string, from: number, to: number, ref: string, at: number): boolean {
  const row = stmt(
    db,
    "SELECT id, exact FROM restarts WHERE process_id = ? AND ref IS NULL AND at BETWEEN ? AND ? ORDER BY at, id LIMIT 1",
  ).get(processId, from, to) as { id: number; exact: number } | undefined;
  if (!row) return false;
  // The journal's message is exact: a restart counted only as "at least" (NRestarts at first sight) becomes exact.
  stmt(db, "UPDATE restarts SET ref = ?, at = ?, exact = 1 WHERE id = ?").run(ref, at, row.id);
  if (!row.exact) addRestartTotals(db, processId, 0, -1);
  return true;
}

/** True when a restart with this source id is already stored. */
export function hasRestartRef(db: Db, processId: string, ref: string): boolean {
  return Boolean(stmt(db, "SELECT 1 FROM restarts WHERE process_id = ? AND ref = ?").get(processId, ref));
}
