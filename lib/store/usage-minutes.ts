import type { Db } from "./open-store";
import { stmt } from "./statements";

/** How long per-minute usage is kept. */
export const USAGE_KEEP_MS = 24 * 3_600_000;

/** One minute of a process's usage: the highest CPU % and memory seen in it. */
export interface UsageMinute {
  /** Epoch ms of the minute's start. */
  at: number;
  cpuPercent: number | null;
  memoryBytes: number | null;
}

interface Row {
  minute: number;
  cpu_percent: number | null;
  memory_bytes: number | null;
}

/** Folds one reading into its minute (the peak wins, so a spike between samples is not averaged away). */
export function recordUsageMinute(db: Db, processId: string, at: number, cpuPercent: number | null, memoryBytes: number | null): void {
  stmt(
    db,
    `INSERT INTO usage_minutes (process_id, minute, cpu_percent, memory_bytes) VALUES (?, ?, ?, ?)
     ON CONFLICT (process_id, minute) DO UPDATE SET
       cpu_percent = CASE WHEN cpu_percent IS NULL OR excluded.cpu_percent > cpu_percent THEN COALESCE(excluded.cpu_percent, cpu_percent) ELSE cpu_percent END,
       memory_bytes = CASE WHEN memory_bytes IS NULL OR excluded.memory_bytes > memory_bytes THEN COALESCE(excluded.memory_bytes, memory_bytes) ELSE memory_bytes END`,
  ).run(processId, Math.floor(at / 60_000), cpuPercent, memoryBytes);
}

/** Drops every minute older than 24 h before `now`; returns how many rows went. */
export function pruneUsageMinutes(db: Db, now: number): number {
  return stmt(db, "DELETE FROM usage_minutes WHERE minute < ?").run(Math.floor((now - USAGE_KEEP_MS) / 60_000)).changes;
}

/** A process's minutes since `since`, oldest first. */
export function queryUsageMinutes(db: Db, processId: string, since: number): UsageMinute[] {
  const rows = stmt(db, "SELECT minute, cpu_percent, memory_bytes FROM usage_minutes WHERE process_id = ? AND minute >= ? ORDER BY minute")
    .all(processId, Math.floor(since / 60_000)) as Row[];
  return rows.map((r) => ({ at: r.minute * 60_000, cpuPercent: r.cpu_percent, memoryBytes: r.memory_bytes }));
}
