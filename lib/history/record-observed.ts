import type { ProcessInfo } from "@/lib/connectors/types";
import { getListenerHost } from "@/lib/store/listener-hosts";
import type { Db } from "@/lib/store/open-store";
import { getSeen, markSeen, openGap, touchSeen } from "@/lib/store/processes-seen";
import { countRestartsBetween, insertRestart } from "@/lib/store/restarts";
import {
  fillTransitionDetails,
  findTransitionFromOtherSource,
  insertTransition,
  latestTransition,
  replaceTransition,
  type HistorySource,
  type ProcessKey,
} from "@/lib/store/transitions";
import type { DerivedChange } from "./derive";

export interface Windows {
  /** How far apart two sources may see the same change, ms (at least the longest poll interval). */
  dedupWindowMs: number;
  /** A listener silent for longer than this may have missed events, ms. */
  listenerStaleMs: number;
}

export interface Observation {
  prev: ProcessInfo | undefined;
  next: ProcessInfo;
  change: DerivedChange;
  source: HistorySource;
  actor: string | null;
  /** The action the actor ran ("restart"), when there is one. */
  action?: string | null;
  at: number;
  /** When this process was last observed before in this run (by any source), epoch ms. */
  lastAt: number | null;
  /** Also note in the store that the process is still watched (throttled by the caller). */
  touch: boolean;
}

export function keyOf(p: ProcessInfo): ProcessKey {
  return { processId: p.id, hostId: p.hostId, manager: p.manager, name: p.name };
}

/** Whether the host's event listener has been reporting since `since` and still is. */
export function listenerCovers(db: Db, hostId: string, since: number, now: number, w: Windows): boolean {
  const host = getListenerHost(db, hostId);
  return Boolean(host && host.coveredSince <= since && now - host.lastEventAt <= w.listenerStaleMs);
}

/** Records what a snapshot (poll, D-Bus signal, action read-back) shows, once across sources. */
export function recordObservation(db: Db, o: Observation, w: Windows): void {
  const neverSeen = o.lastAt === null && !getSeen(db, o.next.id);
  if (o.lastAt === null) openGap(db, o.next.id, o.at);
  markSeen(db, keyOf(o.next), o.at);
  if (neverSeen) recordRestartsBeforeFirstSight(db, o);
  if (o.touch) touchSeen(db, o.next.id, o.at);
  if (!o.prev) return reconcileWithStore(db, o);
  const t = o.change.transition;
  if (t) {
    const match = { processId: o.next.id, toState: t.toState, pid: t.pid, from: o.at - w.dedupWindowMs, to: o.at };
    const seen = findTransitionFromOtherSource(db, match, o.source);
    if (!seen) {
      const byUser = t.cause === "action";
      insertTransition(db, { ...keyOf(o.next), ...t, at: o.at, actor: byUser ? o.actor : null, action: byUser ? (o.action ?? null) : null, source: o.source });
    } else if (o.actor && t.cause === "action") {
      replaceTransition(db, seen.id, { ...seen, cause: "action", actor: o.actor, action: o.action ?? null, ref: null });
    } else {
      fillTransitionDetails(db, seen.id, t);
    }
  }
  if (o.change.restarts > 0) recordObservedRestarts(db, o, w);
}

function recordObservedRestarts(db: Db, o: Observation, w: Windows): void {
  const since = o.lastAt ?? o.at;
  const exact = o.change.exact;
  // With a live listener, it alone counts supervisord restarts: it sees every one.
  if (!exact && listenerCovers(db, o.next.hostId, since, o.at, w)) return;
  const already = exact ? 0 : countRestartsBetween(db, o.next.id, since + 1, o.at);
  const missing = o.change.restarts - already;
  for (let i = 0; i < missing; i++) {
    insertRestart(db, {
      processId: o.next.id,
      at: o.at,
      source: o.source,
      exact,
      pid: o.next.pid,
      cause: "manager-restart",
      ref: null,
    });
  }
}

/**
 * The very first sight of a systemd unit: NRestarts says how often systemd restarted it since it
 * was last started by hand, before Respawn watched. Their times are unknown — at or before the
 * unit's last state change — so they count as "at least" there; the journal, when it has the
 * restart messages, claims them with their real times (record-journal.ts).
 */
function recordRestartsBeforeFirstSight(db: Db, o: Observation): void {
  if (o.next.manager !== "systemd" || !o.next.restarts) return;
  const at = Math.min(o.next.since ?? o.at, o.at);
  for (let i = 0; i < o.next.restarts; i++) {
    insertRestart(db, { processId: o.next.id, at, source: o.source, exact: false, pid: null, cause: "manager-restart", ref: null });
  }
}

/**
 * First sight of a process in this run: if it is not in the state the store last recorded, the
 * change happened while Respawn was not watching; record it with an unknown cause.
 */
function reconcileWithStore(db: Db, o: Observation): void {
  const last = latestTransition(db, o.next.id);
  if (!last || (last.toState === o.next.state && last.rawState === o.next.rawState)) return;
  insertTransition(db, {
    ...keyOf(o.next),
    fromState: last.toState,
    toState: o.next.state,
    rawState: o.next.rawState,
    at: o.at,
    exitStatus: o.next.exitStatus,
    signal: o.next.exitSignal,
    pid: o.next.pid,
    cause: o.actor ? "action" : "unknown",
    actor: o.actor,
    source: o.source,
  });
}
