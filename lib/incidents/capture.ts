import type { Monitor, ProcessChange } from "@/lib/fleet/monitor";
import type { HistoryRecorder } from "@/lib/history/recorder";
import { findOpenIncident, type IncidentKind } from "@/lib/store/incidents";
import type { Db } from "@/lib/store/open-store";
import { addRelapse, saveIncident } from "./incidents";
import { buildSnapshot, readTails, type PolicyReader } from "./snapshot";
import { notifyIncident, type WebhookOptions } from "./webhook";

export interface IncidentCaptureOptions {
  /** For the timeline, exit statuses and flapping: `getRuntime().history.recorder`. */
  recorder?: Pick<HistoryRecorder, "timeline" | "flapping"> | null;
  /** The restart policy in force; without it the process details stand in. */
  readPolicy?: PolicyReader | null;
  /** Lines kept per stream (default 500). */
  linesPerStream?: number;
  /** Also open an incident when a process starts flapping. */
  onFlapping?: boolean;
  webhook?: WebhookOptions | null;
  /**
   * How long to let the last lines reach the log before reading it (default 1 s): a process's
   * final words are still in the pipe to supervisord or journald when the manager gives up.
   */
  settleMs?: number;
  now?: () => number;
}

export interface IncidentCapture {
  stop(): void;
  /** Resolves once every capture started so far is stored (tests, shutdown). */
  idle(): Promise<void>;
}

const DEFAULT_SETTLE_MS = 1_000;

type CaptureMonitor = Pick<Monitor, "onProcessChange" | "readLog">;

/**
 * Opens an incident each time a process gives up (and, optionally, starts flapping), with the
 * logs as they are at that moment. Call once at start-up.
 */
export function startIncidentCapture(monitor: CaptureMonitor, store: { db: Db }, options: IncidentCaptureOptions = {}): IncidentCapture {
  const inFlight = new Map<string, Promise<void>>();
  const run = (change: ProcessChange, kind: IncidentKind) => {
    const key = `${change.next.id}\u0000${kind}`;
    if (inFlight.has(key)) return;
    const p = capture(monitor, store.db, change, kind, options)
      .catch((e) => console.error(`respawn: capturing an incident for ${change.next.name} failed:`, e instanceof Error ? e.message : String(e)))
      .finally(() => inFlight.delete(key));
    inFlight.set(key, p);
  };
  const off = monitor.onProcessChange((change) => {
    const kind = triggerOf(change, store.db, options);
    if (kind) run(change, kind);
  });
  return {
    stop: off,
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight.values()]);
    },
  };
}

/**
 * Which incident a change opens, if any. A process that gives up while its gave-up incident is
 * still open (a reset-and-start that failed again, or first seen already given up) adds to it.
 */
function triggerOf({ prev, next }: ProcessChange, db: Db, options: IncidentCaptureOptions): IncidentKind | null {
  if (next.state === "gave-up" && prev?.state !== "gave-up") {
    const open = findOpenIncident(db, next.id, "gave-up");
    if (!open) return "gave-up";
    if (prev) {
      const at = (options.now ?? Date.now)();
      addRelapse(db, open.id, { at, rawState: next.rawState, exitStatus: next.exitStatus, exitSignal: next.exitSignal, spawnError: next.spawnError });
    }
    return null;
  }
  if (options.onFlapping && options.recorder && prev && prev.state !== next.state && next.state !== "gave-up") {
    if (!options.recorder.flapping([next.id]).has(next.id)) return null;
    return findOpenIncident(db, next.id, "flapping") ? null : "flapping";
  }
  return null;
}

async function capture(monitor: CaptureMonitor, db: Db, { next }: ProcessChange, kind: IncidentKind, o: IncidentCaptureOptions): Promise<void> {
  const settle = o.settleMs ?? DEFAULT_SETTLE_MS;
  if (settle > 0) await new Promise((r) => setTimeout(r, settle));
  const sources = { monitor, recorder: o.recorder, readPolicy: o.readPolicy, linesPerStream: o.linesPerStream, now: o.now };
  const tails = await readTails(sources, next);
  const snapshot = await buildSnapshot(sources, next, tails);
  const title = kind === "gave-up" ? `${next.name} on ${next.hostId} gave up` : `${next.name} on ${next.hostId} is flapping`;
  const comment = kind === "gave-up" && next.spawnError ? `The manager said: ${next.spawnError}` : null;
  const id = saveIncident(db, { kind, title, comment, createdBy: null, info: next, snapshot });
  if (o.webhook) void notifyIncident(o.webhook, { id, title, processName: next.name, hostId: next.hostId });
}
