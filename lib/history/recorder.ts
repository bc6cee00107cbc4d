import type { ProcessInfo } from "@/lib/connectors/types";
import type { Store } from "@/lib/store/open-store";
import { closeGaps } from "@/lib/store/processes-seen";
import { restartBuckets } from "@/lib/store/restarts";
import { listTransitions, type HistorySource, type TransitionPage } from "@/lib/store/transitions";
import { RespawnError } from "@/lib/util/errors";
import { deriveChange } from "./derive";
import type { JournalRestart } from "./journal-restarts";
import type { ListenerBatch } from "./listener-events";
import { recordJournalRestarts } from "./record-journal";
import { eventTimes, recordListenerBatch } from "./record-listener";
import { recordObservation, type Windows } from "./record-observed";
import { computeFlapping, computeRestartStats, type RestartStats } from "./restart-stats";
import { createWriteBuffer, type WriteBufferOptions } from "./write-buffer";

export interface HistoryRecorderOptions {
  /** A process restarted more than this many times within flapWindowMs is flapping. */
  flapThreshold?: number;
  flapWindowMs?: number;
  /** How far apart two sources may see the same change; keep it above the longest poll interval. */
  dedupWindowMs?: number;
  /** A listener silent this long (it sends a heartbeat every 60 s) no longer makes counts exact. */
  listenerStaleMs?: number;
  buffer?: WriteBufferOptions;
  now?: () => number;
}

export interface HistoryRecorder {
  /** Records what changed between two snapshots of one process. Never throws, never waits on the store. */
  observe(prev: ProcessInfo | undefined, next: ProcessInfo, source: HistorySource, actor?: string | null, action?: string | null): void;
  /** Records a batch of supervisord PROCESS_STATE events (already validated) from a host's listener. */
  recordListenerEvents(hostId: string, batch: ListenerBatch): void;
  /**
   * Records the journal's restart messages not yet recorded (the restarts while Respawn was down).
   * Pass `readFrom` (epoch ms) when the journal was read completely from then on: the host's
   * systemd counts become exact again across gaps that began after it.
   */
  backfillFromJournal(hostId: string, restarts: readonly JournalRestart[], readFrom?: number): void;
  restartStats(processId: string): RestartStats;
  restartStatsMany(processIds: readonly string[]): RestartStats[];
  /** Flapping processes among `processIds` (all when omitted) → restarts in the window. */
  flapping(processIds?: readonly string[]): Map<string, number>;
  /** One page of a process's state changes, newest first. */
  timeline(processId: string, options?: { limit?: number; before?: string | null }): TransitionPage;
  /** Restarts per bucket, oldest first (default: 24 buckets of one hour), for a sparkline. */
  restartSeries(processId: string, options?: { buckets?: number; bucketMs?: number }): number[];
  /** Writes held while the store was unavailable, and writes lost because that buffer was full. */
  readonly pending: number;
  readonly dropped: number;
  /** Tries held writes now; true when none is left. */
  flush(): boolean;
  close(): void;
}

export const DEFAULT_FLAP_THRESHOLD = 5;
/** How often "still watching" is written per process: bounds how late a gap may be thought to start. */
const TOUCH_EVERY_MS = 60_000;
export const DEFAULT_FLAP_WINDOW_MS = 10 * 60_000;

export function createHistoryRecorder(store: Store, options: HistoryRecorderOptions = {}): HistoryRecorder {
  const now = options.now ?? Date.now;
  const w: Windows = {
    dedupWindowMs: options.dedupWindowMs ?? 35_000,
    listenerStaleMs: options.listenerStaleMs ?? 150_000,
  };
  const threshold = options.flapThreshold ?? DEFAULT_FLAP_THRESHOLD;
  const flapWindowMs = options.flapWindowMs ?? DEFAULT_FLAP_WINDOW_MS;
  const buffer = createWriteBuffer(store.db, {
    ...options.buffer,
    onError: options.buffer?.onError ?? ((e) => console.error("respawn: a history write failed:", errorText(e))),
  });
  const lastSeenAt = new Map<string, number>();
  const lastTouched = new Map<string, number>();
  /** Time of the last event per listener run, so its events stay in order (see eventTimes). */
  const lastListenerAt = new Map<string, number>();
  const read = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof RespawnError) throw e;
      throw new RespawnError("UNAVAILABLE", "history cannot be read right now", { cause: e });
    }
  };

  return {
    observe(prev, next, source, actor = null, action = null) {
      const at = now();
      const lastAt = lastSeenAt.get(next.id) ?? null;
      lastSeenAt.set(next.id, at);
      const touch = at - (lastTouched.get(next.id) ?? 0) >= TOUCH_EVERY_MS;
      if (touch) lastTouched.set(next.id, at);
      const change = deriveChange(prev, next, actor);
      // Most polls change nothing: then there is nothing to write (polls of big hosts run every second).
      if (prev && lastAt !== null && !touch && !change.transition && change.restarts === 0) return;
      buffer.run((db) => recordObservation(db, { prev, next, change, source, actor, action, at, lastAt, touch }, w));
    },
    recordListenerEvents(hostId, batch) {
      const at = now();
      const key = `${hostId}\u0000${batch.listener.instance}`;
      const ats = eventTimes(batch, at, lastListenerAt.get(key) ?? 0);
      if (ats.length) lastListenerAt.set(key, ats.at(-1)!);
      buffer.run((db) => recordListenerBatch(db, hostId, batch, at, ats, w));
    },
    backfillFromJournal(hostId, restarts, readFrom) {
      buffer.run((db) => {
        recordJournalRestarts(db, hostId, restarts, w);
        if (readFrom !== undefined) closeGaps(db, hostId, readFrom);
      });
    },
    restartStats(processId) {
      return read(() => computeRestartStats(store.db, [processId], now(), w)[0]!);
    },
    restartStatsMany(processIds) {
      return read(() => computeRestartStats(store.db, processIds, now(), w));
    },
    flapping(processIds) {
      return read(() => computeFlapping(store.db, processIds, now(), threshold, flapWindowMs));
    },
    timeline(processId, opts = {}) {
      return read(() => listTransitions(store.db, processId, opts));
    },
    restartSeries(processId, opts = {}) {
      const buckets = Math.min(500, Math.max(1, opts.buckets ?? 24));
      return read(() => restartBuckets(store.db, processId, now(), Math.max(1_000, opts.bucketMs ?? 3_600_000), buckets));
    },
    get pending() {
      return buffer.pending;
    },
    get dropped() {
      return buffer.dropped;
    },
    flush: () => buffer.flush(),
    close: () => buffer.close(),
  };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
