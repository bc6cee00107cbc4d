import type { Db } from "./open-store";
import { stmt } from "./statements";
import type { ProcessKey } from "./transitions";

export interface SeenProcess extends ProcessKey {
  firstSeenAt: number;
  /** Restarts ever recorded (not pruned by retention). */
  restartsTotal: number;
  /** How many of those came from a source that can miss restarts (polling). */
  inexactTotal: number;
}

interface Row {
  process_id: string;
  host_id: string;
  manager: ProcessKey["manager"];
  name: string;
  first_seen_at: number;
  restarts_total: number;
  inexact_total: number;
}

function fromRow(r: Row): SeenProcess {
  return {
    processId: r.process_id,
    hostId: r.host_id,
    manager: r.manager,
    name: r.name,
    firstSeenAt: r.first_seen_at,
    restartsTotal: r.restarts_total,
    inexactTotal: r.inexact_total,
  };
}

/** Records a sighting of a process; the earliest time given is kept (a backfill may go back). */
export function markSeen(db: Db, key: ProcessKey, at: number): void {
  stmt(
    db,
    `INSERT INTO processes_seen (process_id, host_id, manager, name, first_seen_at)
     VALUES (@processId, @hostId, @manager, @name, @at)
     ON CONFLICT (process_id) DO UPDATE SET first_seen_at = MIN(first_seen_at, excluded.first_seen_at)
     WHERE excluded.first_seen_at < first_seen_at`,
  ).run({ ...key, at });
}

export function getSeen(db: Db, processId: string): SeenProcess | undefined {
  const row = stmt(db, "SELECT * FROM processes_seen WHERE process_id = ?").get(processId) as Row | undefined;
  return row && fromRow(row);
}

/** Every process ever seen, optionally only those of some ids. */
export function listSeen(db: Db, processIds?: readonly string[]): SeenProcess[] {
  const rows = stmt(db, "SELECT * FROM processes_seen").all() as Row[];
  const wanted = processIds ? new Set(processIds) : null;
  return rows.filter((r) => !wanted || wanted.has(r.process_id)).map(fromRow);
}

/** Adjusts the never-pruned restart totals (an upgrade from inexact to exact passes restarts = 0). */
export function addRestartTotals(db: Db, processId: string, restarts: number, inexact: number): void {
  stmt(
    db,
    `UPDATE processes_seen SET restarts_total = restarts_total + @restarts,
       inexact_total = MAX(0, inexact_total + @inexact) WHERE process_id = @processId`,
  ).run({ processId, restarts, inexact });
}
