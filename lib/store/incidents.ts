import type { Db } from "./open-store";
import { stmt } from "./statements";

export type IncidentKind = "gave-up" | "flapping" | "manual";
export type IncidentStatus = "open" | "resolved";

export interface IncidentRecord {
  processId: string;
  hostId: string;
  manager: string;
  processName: string;
  kind: IncidentKind;
  title: string;
  comment: string | null;
  openedAt: number;
  createdBy: string | null;
  lineCount: number;
  redactions: number;
  /** The frozen snapshot, as JSON text. */
  snapshot: string;
}

export interface IncidentSummary extends Omit<IncidentRecord, "snapshot"> {
  id: number;
  status: IncidentStatus;
  resolvedAt: number | null;
  resolvedBy: string | null;
}

export interface StoredIncident extends IncidentSummary {
  snapshot: string;
}

interface Row {
  id: number;
  process_id: string;
  host_id: string;
  manager: string;
  process_name: string;
  kind: IncidentKind;
  title: string;
  comment: string | null;
  status: IncidentStatus;
  opened_at: number;
  resolved_at: number | null;
  resolved_by: string | null;
  created_by: string | null;
  line_count: number;
  redactions: number;
  snapshot?: string;
}

const SUMMARY_COLUMNS =
  "id, process_id, host_id, manager, process_name, kind, title, comment, status, opened_at, resolved_at, resolved_by, created_by, line_count, redactions";

function toSummary(r: Row): IncidentSummary {
  return {
    id: r.id,
    processId: r.process_id,
    hostId: r.host_id,
    manager: r.manager,
    processName: r.process_name,
    kind: r.kind,
    title: r.title,
    comment: r.comment,
    status: r.status,
    openedAt: r.opened_at,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    createdBy: r.created_by,
    lineCount: r.line_count,
    redactions: r.redactions,
  };
}

export function insertIncident(db: Db, r: IncidentRecord): number {
  const info = stmt(
    db,
    `INSERT INTO incidents (process_id, host_id, manager, process_name, kind, title, comment, opened_at, created_by, line_count, redactions, snapshot)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(r.processId, r.hostId, r.manager, r.processName, r.kind, r.title, r.comment, r.openedAt, r.createdBy, r.lineCount, r.redactions, r.snapshot);
  return Number(info.lastInsertRowid);
}

export function getIncident(db: Db, id: number): StoredIncident | undefined {
  const r = stmt(db, `SELECT ${SUMMARY_COLUMNS}, snapshot FROM incidents WHERE id = ?`).get(id) as Row | undefined;
  return r && { ...toSummary(r), snapshot: r.snapshot ?? "{}" };
}

export interface IncidentFilter {
  status?: IncidentStatus;
  hostId?: string;
  processId?: string;
  /** Only these hosts (a user limited to some hosts); null = every host. */
  hosts?: readonly string[] | null;
  limit?: number;
}

/** Incidents newest first, without their snapshots. */
export function listIncidents(db: Db, f: IncidentFilter = {}): IncidentSummary[] {
  const where: string[] = [];
  const args: Array<string | number> = [];
  const add = (sql: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(sql);
    args.push(value);
  };
  add("status = ?", f.status);
  add("host_id = ?", f.hostId);
  add("process_id = ?", f.processId);
  if (f.hosts) {
    if (f.hosts.length === 0) return [];
    where.push(`host_id IN (${f.hosts.map(() => "?").join(", ")})`);
    args.push(...f.hosts);
  }
  const sql = `SELECT ${SUMMARY_COLUMNS} FROM incidents ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY opened_at DESC, id DESC LIMIT ?`;
  const rows = db.prepare(sql).all(...args, Math.min(1000, Math.max(1, f.limit ?? 200))) as Row[];
  return rows.map(toSummary);
}

/** The newest open incident of a kind for a process, if any. */
export function findOpenIncident(db: Db, processId: string, kind: IncidentKind): IncidentSummary | undefined {
  const r = stmt(
    db,
    `SELECT ${SUMMARY_COLUMNS} FROM incidents WHERE process_id = ? AND kind = ? AND status = 'open' ORDER BY opened_at DESC LIMIT 1`,
  ).get(processId, kind) as Row | undefined;
  return r && toSummary(r);
}

/** Resolves or reopens; false when there is no such incident. */
export function setIncidentStatus(db: Db, id: number, status: IncidentStatus, at: number, actor: string | null): boolean {
  const info = stmt(db, "UPDATE incidents SET status = ?, resolved_at = ?, resolved_by = ? WHERE id = ?").run(
    status,
    status === "resolved" ? at : null,
    status === "resolved" ? actor : null,
    id,
  );
  return info.changes > 0;
}

/** Replaces an incident's frozen snapshot (a relapse added to an open incident). */
export function replaceIncidentSnapshot(db: Db, id: number, snapshot: string): boolean {
  return stmt(db, "UPDATE incidents SET snapshot = ? WHERE id = ?").run(snapshot, id).changes > 0;
}
