import type { Db } from "./open-store";
import { stmt } from "./statements";

export const DEFAULT_RETENTION_DAYS = 30;
const PRUNED_TABLES = ["transitions", "restarts"] as const;

/** Deletes at most `batch` rows older than `cutoff` from each history table; returns how many went. */
export function pruneBatch(db: Db, cutoff: number, batch = 1_000): number {
  let removed = 0;
  for (const table of PRUNED_TABLES) {
    removed += stmt(
      db,
      `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE at < ? ORDER BY at LIMIT ?)`,
    ).run(cutoff, batch).changes;
  }
  return removed;
}

export interface RetentionOptions {
  retentionMs?: number;
  /** How often pruning runs, ms. */
  intervalMs?: number;
  batchSize?: number;
  /** Delay of the first pass after start, ms. */
  firstRunMs?: number;
  onError?: (e: unknown) => void;
}

export interface RetentionTask {
  /** Prunes now, batch after batch, yielding to the event loop between batches. */
  runOnce(now?: number): Promise<number>;
  stop(): void;
}

/**
 * Prunes old history in small batches off the request path: each batch is a short transaction,
 * and the loop yields between batches so requests interleave. The timer never keeps Node alive.
 */
export function startRetention(db: Db, options: RetentionOptions = {}): RetentionTask {
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_DAYS * 86_400_000;
  const batch = options.batchSize ?? 1_000;
  let running: Promise<number> | null = null;
  let stopped = false;
  const runOnce = (now = Date.now()): Promise<number> => {
    running ??= (async () => {
      let total = 0;
      try {
        for (;;) {
          if (stopped || !db.open) break;
          const n = pruneBatch(db, now - retentionMs, batch);
          total += n;
          if (n < batch) break;
          await new Promise((r) => setImmediate(r));
        }
      } finally {
        running = null;
      }
      return total;
    })();
    return running;
  };
  const timer = setInterval(() => {
    runOnce().catch((e: unknown) => options.onError?.(e));
  }, options.intervalMs ?? 10 * 60_000);
  timer.unref();
  // A first pass soon after start, so a dashboard that restarts often still prunes.
  const first = setTimeout(() => runOnce().catch((e: unknown) => options.onError?.(e)), options.firstRunMs ?? 30_000);
  first.unref();
  return {
    runOnce,
    stop: () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
