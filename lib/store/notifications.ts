import type { Db } from "./open-store";
import { stmt } from "./statements";

export type DeliveryStatus = "sending" | "retrying" | "sent" | "failed";

/** One notification to one channel, as the delivery log shows it. */
export interface Delivery {
  id: number;
  channelId: string;
  channelKind: string;
  eventKind: string;
  hostId: string;
  manager: string;
  processName: string | null;
  title: string;
  test: boolean;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** What is known of a delivery before its first attempt. */
export type NewDelivery = Pick<Delivery, "channelId" | "channelKind" | "eventKind" | "hostId" | "manager" | "processName" | "title" | "test">;

/** Logs a delivery about to be attempted; returns its id. */
export function insertDelivery(db: Db, d: NewDelivery, now: number): number {
  const r = stmt(
    db,
    `INSERT INTO notification_deliveries (channel_id, channel_kind, event_kind, host_id, manager, process_name, title, test, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'sending', ?, ?)`,
  ).run(d.channelId, d.channelKind, d.eventKind, d.hostId, d.manager, d.processName, d.title, d.test ? 1 : 0, now, now);
  return Number(r.lastInsertRowid);
}

export interface DeliveryUpdate {
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: number | null;
}

export function updateDelivery(db: Db, id: number, u: DeliveryUpdate, now: number): void {
  stmt(db, "UPDATE notification_deliveries SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?").run(
    u.status,
    u.attempts,
    u.lastError,
    u.nextAttemptAt,
    now,
    id,
  );
}

interface Row {
  id: number;
  channel_id: string;
  channel_kind: string;
  event_kind: string;
  host_id: string;
  manager: string;
  process_name: string | null;
  title: string;
  test: number;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number | null;
  created_at: number;
  updated_at: number;
}

/** The newest deliveries first. */
export function listDeliveries(db: Db, limit = 200): Delivery[] {
  return (stmt(db, "SELECT * FROM notification_deliveries ORDER BY created_at DESC, id DESC LIMIT ?").all(limit) as Row[]).map((r) => ({
    id: r.id,
    channelId: r.channel_id,
    channelKind: r.channel_kind,
    eventKind: r.event_kind,
    hostId: r.host_id,
    manager: r.manager,
    processName: r.process_name,
    title: r.title,
    test: r.test !== 0,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** Keeps the log bounded: drops deliveries older than `before`. */
export function pruneDeliveries(db: Db, before: number): number {
  return stmt(db, "DELETE FROM notification_deliveries WHERE created_at < ?").run(before).changes;
}
