import { RespawnError } from "@/lib/util/errors";
import type { Db } from "./open-store";
import { stmt } from "./statements";

export type StoreManager = "supervisord" | "systemd";
/** Why a state changed, as far as Respawn can tell. */
export type TransitionCause = "crash" | "manager-restart" | "action" | "start" | "stop" | "unknown";
/** Who told Respawn: the supervisord event listener, a poll, a D-Bus signal, an action's read-back, the journal. */
export type HistorySource = "listener" | "poll" | "signal" | "action" | "journal";

export interface ProcessKey {
  processId: string;
  hostId: string;
  manager: StoreManager;
  name: string;
}

export interface TransitionRecord extends ProcessKey {
  /** Respawn's state words (running, crashed, gave-up…); null when the previous state is unknown. */
  fromState: string | null;
  toState: string;
  /** The manager's own word for the new state (BACKOFF, failed…). */
  rawState: string;
  /** Epoch ms. */
  at: number;
  exitStatus: number | null;
  signal: string | null;
  pid: number | null;
  cause: TransitionCause;
  /** The user behind an action, else null. */
  actor: string | null;
  /** The action that user ran ("restart"), when the change came from one. */
  action?: string | null;
  source: HistorySource;
  /** The source's own id of the event (listener instance + serial), so a retried delivery is stored once. */
  ref?: string | null;
}

export interface StoredTransition extends TransitionRecord {
  id: number;
}

interface Row {
  id: number;
  process_id: string;
  host_id: string;
  manager: StoreManager;
  name: string;
  from_state: string | null;
  to_state: string;
  raw_state: string;
  at: number;
  exit_status: number | null;
  signal: string | null;
  pid: number | null;
  cause: TransitionCause;
  actor: string | null;
  action: string | null;
  source: HistorySource;
}

const COLUMNS =
  "id, process_id, host_id, manager, name, from_state, to_state, raw_state, at, exit_status, signal, pid, cause, actor, action, source";

function fromRow(r: Row): StoredTransition {
  return {
    id: r.id,
    processId: r.process_id,
    hostId: r.host_id,
    manager: r.manager,
    name: r.name,
    fromState: r.from_state,
    toState: r.to_state,
    rawState: r.raw_state,
    at: r.at,
    exitStatus: r.exit_status,
    signal: r.signal,
    pid: r.pid,
    cause: r.cause,
    actor: r.actor,
    action: r.action,
    source: r.source,
  };
}

/** Inserts a transition; returns its id, or null when `ref` was already stored. */
export function insertTransition(db: Db, t: TransitionRecord): number | null {
  const info = stmt(
    db,
    `INSERT INTO transitions (process_id, host_id, manager, name, from_state, to_state, raw_state, at,
       exit_status, signal, pid, cause, actor, action, source, ref)
     VALUES (@processId, @hostId, @manager, @name, @fromState, @toState, @rawState, @at,
       @exitStatus, @signal, @pid, @cause, @actor, @action, @source, @ref) ON CONFLICT DO NOTHING`,
  ).run({ ...t, action: t.action ?? null, ref: t.ref ?? null });
  return info.changes > 0 ? Number(info.lastInsertRowid) : null;
}

export interface TransitionMatch {
  processId: string;
  toState: string;
  pid: number | null;
  /** Inclusive time window, epoch ms. */
  from: number;
  to: number;
}

/** The newest transition to the same state (pids agreeing when both known) recorded by another source. */
export function findTransitionFromOtherSource(
  db: Db,
  m: TransitionMatch,
  source: HistorySource,
): StoredTransition | undefined {
  const row = stmt(
    db,
    `SELECT ${COLUMNS} FROM transitions
     WHERE process_id = @processId AND to_state = @toState AND source != @source
       AND at BETWEEN @from AND @to AND (pid IS NULL OR @pid IS NULL OR pid = @pid)
     ORDER BY at DESC, id DESC LIMIT 1`,
  ).get({ ...m, source }) as Row | undefined;
  return row && fromRow(row);
}

/** The oldest transition by `source` in the window that a better source may replace. */
export function findTransitionBySource(
  db: Db,
  m: TransitionMatch,
  source: HistorySource,
): StoredTransition | undefined {
  const row = stmt(
    db,
    `SELECT ${COLUMNS} FROM transitions
     WHERE process_id = @processId AND to_state = @toState AND source = @source
       AND at BETWEEN @from AND @to AND (pid IS NULL OR @pid IS NULL OR pid = @pid)
     ORDER BY at ASC, id ASC LIMIT 1`,
  ).get({ ...m, source }) as Row | undefined;
  return row && fromRow(row);
}

/** Rewrites a transition with what a better source knows (exact time, exit status, cause). */
export function replaceTransition(db: Db, id: number, t: TransitionRecord): void {
  stmt(
    db,
    `UPDATE transitions SET from_state = @fromState, to_state = @toState, raw_state = @rawState, at = @at,
       exit_status = COALESCE(@exitStatus, exit_status), signal = COALESCE(@signal, signal),
       pid = COALESCE(@pid, pid), cause = @cause, actor = COALESCE(@actor, actor),
       action = COALESCE(@action, action), source = @source, ref = COALESCE(@ref, ref)
     WHERE id = @id`,
  ).run({ ...t, id, action: t.action ?? null, ref: t.ref ?? null });
}

/** Fills in what a poll knows and an event did not carry (supervisord events have no exit status). */
export function fillTransitionDetails(
  db: Db,
  id: number,
  d: { exitStatus: number | null; signal: string | null; pid: number | null },
): void {
  stmt(
    db,
    `UPDATE transitions SET exit_status = COALESCE(exit_status, @exitStatus), signal = COALESCE(signal, @signal),
       pid = COALESCE(pid, @pid) WHERE id = @id`,
  ).run({ ...d, id });
}

/** The newest transition recorded for a process. */
export function latestTransition(db: Db, processId: string): StoredTransition | undefined {
  const row = stmt(db, `SELECT ${COLUMNS} FROM transitions WHERE process_id = ? ORDER BY at DESC, id DESC LIMIT 1`).get(
    processId,
  ) as Row | undefined;
  return row && fromRow(row);
}

export interface TransitionPage {
  items: StoredTransition[];
  /** Pass back as `before` for the next (older) page; null when this was the last one. */
  nextCursor: string | null;
}

/** One page of a process's timeline, newest first. `before` is an opaque cursor from the previous page. */
export function listTransitions(
  db: Db,
  processId: string,
  options: { limit?: number; before?: string | null } = {},
): TransitionPage {
  const limit = Math.min(500, Math.max(1, Math.floor(options.limit ?? 50)));
  const cursor = parseCursor(options.before);
  const rows = stmt(
    db,
    `SELECT ${COLUMNS} FROM transitions
     WHERE process_id = @processId AND (@at IS NULL OR at < @at OR (at = @at AND id < @id))
     ORDER BY at DESC, id DESC LIMIT @take`,
  ).all({ processId, at: cursor?.at ?? null, id: cursor?.id ?? null, take: limit + 1 }) as Row[];
  const items = rows.slice(0, limit).map(fromRow);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? `${last.at}_${last.id}` : null };
}

function parseCursor(cursor: string | null | undefined): { at: number; id: number } | null {
  if (!cursor) return null;
  const m = /^(\d{1,16})_(\d{1,16})$/.exec(cursor);
  if (!m) throw new RespawnError("INVALID", "before: not a timeline cursor");
  return { at: Number(m[1]), id: Number(m[2]) };
}

/** True when a transition with this source id is already stored (a retried delivery). */
export function hasTransitionRef(db: Db, processId: string, ref: string): boolean {
  return Boolean(stmt(db, "SELECT 1 FROM transitions WHERE process_id = ? AND ref = ?").get(processId, ref));
}
