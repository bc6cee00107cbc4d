import type { Db } from "./open-store";
import { stmt } from "./statements";

export interface AuditEntry {
  id: number;
  at: number;
  /** User name, or "anonymous" / "system". */
  actor: string;
  action: string;
  target: string | null;
  /** "ok", "failed", "denied", "attempted"… */
  result: string;
  detail: string | null;
  address: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, "id">;

export interface AuditFilter {
  actor?: string;
  action?: string;
  /** Substring of the target. */
  target?: string;
  from?: number;
  to?: number;
  /** Entries older than this id (paging backwards). */
  beforeId?: number;
  limit: number;
}

/** Appends one entry; returns its id. */
export function insertAudit(db: Db, e: NewAuditEntry): number {
  const info = stmt(
    db,
    `INSERT INTO audit (at, actor, action, target, result, detail, address)
     VALUES (@at, @actor, @action, @target, @result, @detail, @address)`,
  ).run(e);
  return Number(info.lastInsertRowid);
}

/** Newest first, filtered. */
export function queryAudit(db: Db, f: AuditFilter): AuditEntry[] {
  return db
    .prepare(
      `SELECT * FROM audit WHERE
         (@actor IS NULL OR actor = @actor COLLATE NOCASE)
         AND (@action IS NULL OR action = @action OR action LIKE @actionPrefix)
         AND (@target IS NULL OR instr(target, @target) > 0)
         AND (@from IS NULL OR at >= @from)
         AND (@to IS NULL OR at <= @to)
         AND (@beforeId IS NULL OR id < @beforeId)
       ORDER BY id DESC LIMIT @limit`,
    )
    .all({
      actor: f.actor ?? null,
      action: f.action ?? null,
      actionPrefix: f.action ? `${f.action}.%` : null,
      target: f.target ?? null,
      from: f.from ?? null,
      to: f.to ?? null,
      beforeId: f.beforeId ?? null,
      limit: f.limit,
    }) as AuditEntry[];
}
