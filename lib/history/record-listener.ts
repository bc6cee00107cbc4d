import { touchListenerHost } from "@/lib/store/listener-hosts";
import type { Db } from "@/lib/store/open-store";
import { markSeen } from "@/lib/store/processes-seen";
import { findInexactRestart, hasRestartRef, insertRestart, upgradeRestart } from "@/lib/store/restarts";
import {
  findTransitionFromOtherSource,
  hasTransitionRef,
  insertTransition,
  latestTransition,
  replaceTransition,
  type ProcessKey,
  type TransitionRecord,
} from "@/lib/store/transitions";
import { encodeProcessId } from "@/lib/util/ids";
import {
  causeOfEvent,
  isManagerRestart,
  stateOf,
  supervisordProcessName,
  type ListenerBatch,
  type ListenerEvent,
} from "./listener-events";
import type { Windows } from "./record-observed";

/** A clock difference between the listener's delivery and our polls that still counts as "the same". */
const EARLY_MS = 2_000;

/**
 * When each event of a batch happened on our clock: received time minus its age, never before the
 * previous event of the same listener. Each batch's delivery delay differs a little, and without
 * the floor two close events (RUNNING, then a kill's EXITED) could swap places in the timeline.
 */
export function eventTimes(batch: ListenerBatch, receivedAt: number, floor: number): number[] {
  let last = floor;
  return batch.events.map((e) => (last = Math.max(receivedAt - e.ageMs, last + 1)));
}

/** Records one batch from a host's supervisord event listener; `ats` from eventTimes(). */
export function recordListenerBatch(
  db: Db,
  hostId: string,
  batch: ListenerBatch,
  receivedAt: number,
  ats: readonly number[],
  w: Windows,
): void {
  // A first contact, a silence or drops start coverage: when this listener run started if it
  // dropped nothing (it has every event since), else now. Events of this batch are still stored.
  const { dropped, upMs } = batch.listener;
  const coverFrom = dropped === 0 && upMs !== undefined ? receivedAt - upMs : receivedAt;
  touchListenerHost(db, hostId, receivedAt, dropped, w.listenerStaleMs, coverFrom);
  batch.events.forEach((e, i) => recordListenerEvent(db, hostId, batch.listener.instance, e, ats[i] ?? receivedAt, w));
}

function recordListenerEvent(db: Db, hostId: string, instance: string, e: ListenerEvent, at: number, w: Windows): void {
  const name = supervisordProcessName(e.groupName, e.processName);
  const key: ProcessKey = { processId: encodeProcessId({ hostId, manager: "supervisord", name }), hostId, manager: "supervisord", name };
  const ref = `${instance}:${e.serial}`;
  if (hasTransitionRef(db, key.processId, ref)) return; // a retried delivery
  markSeen(db, key, at);
  const t = toTransition(db, key, e, at, ref);
  const match = { processId: key.processId, toState: t.toState, pid: t.pid, from: at - EARLY_MS, to: at + w.dedupWindowMs };
  const seen = findTransitionFromOtherSource(db, match, "listener");
  if (!seen) insertTransition(db, t);
  else if (seen.source === "poll") replaceTransition(db, seen.id, t); // the event knows the exact time
  if (!isManagerRestart(e) || hasRestartRef(db, key.processId, ref)) return;
  const restart = { at, source: "listener" as const, exact: true, pid: e.pid, cause: "manager-restart" as const, ref };
  const polled = findInexactRestart(db, key.processId, at - EARLY_MS, at + w.dedupWindowMs);
  if (polled) upgradeRestart(db, polled.id, key.processId, restart);
  else insertRestart(db, { processId: key.processId, ...restart });
}

function toTransition(db: Db, key: ProcessKey, e: ListenerEvent, at: number, ref: string): TransitionRecord {
  // EXITED events say whether the exit was expected; a later from_state=EXITED does not.
  const last = e.fromState === "EXITED" ? latestTransition(db, key.processId) : undefined;
  const fromState = last?.rawState === "EXITED" ? last.toState : stateOf(e.fromState, null);
  return {
    ...key,
    fromState,
    toState: stateOf(e.state, e.expected),
    rawState: e.state,
    at,
    exitStatus: null,
    signal: null,
    pid: e.pid,
    cause: causeOfEvent(e),
    actor: null,
    source: "listener",
    ref,
  };
}
