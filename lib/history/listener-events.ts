import { z } from "zod";
import { qualifiedName, stateOfStatename } from "@/lib/connectors/supervisord/mapper";
import type { ProcessState } from "@/lib/connectors/types";
import type { TransitionCause } from "@/lib/store/transitions";

export const SUPERVISOR_STATES = [
  "STOPPED",
  "STARTING",
  "RUNNING",
  "BACKOFF",
  "STOPPING",
  "EXITED",
  "FATAL",
  "UNKNOWN",
] as const;
export type SupervisorState = (typeof SUPERVISOR_STATES)[number];

/** Most events one POST may carry; the listener sends smaller batches. */
export const MAX_LISTENER_EVENTS = 500;
/** Largest listener POST body accepted, bytes. */
export const MAX_LISTENER_BODY_BYTES = 256 * 1024;

const Name = z.string().min(1).max(255).regex(/^[^\s\u0000]+$/, "no spaces or NUL");

/** One PROCESS_STATE_* event as bin/respawn-eventlistener forwards it. */
export const ListenerEvent = z
  .object({
    /** supervisord's event serial: with `instance`, identifies a delivery so retries are stored once. */
    serial: z.number().int().min(0),
    /** The new state: the suffix of PROCESS_STATE_<STATE>. */
    state: z.enum(SUPERVISOR_STATES),
    processName: Name,
    groupName: Name,
    fromState: z.enum(SUPERVISOR_STATES),
    pid: z.number().int().min(1).nullable(),
    /** EXITED only: whether the exit code was one of the program's exitcodes. */
    expected: z.boolean().nullable(),
    /** STARTING / BACKOFF: the try number of the current streak. */
    tries: z.number().int().min(0).nullable(),
    /** How long ago the listener received the event (its clock need not match ours). */
    ageMs: z.number().int().min(0).max(86_400_000),
  })
  .strict();
export type ListenerEvent = z.infer<typeof ListenerEvent>;

/** The body of POST /api/hosts/<hostId>/events. An empty `events` list is a heartbeat (TICK_60). */
export const ListenerBatch = z
  .object({
    listener: z
      .object({
        /** Random id of one listener process run: serials restart when supervisord does. */
        instance: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
        /** Events the listener had to drop since its last delivered batch (its queue was full). */
        dropped: z.number().int().min(0),
        /** How long this listener run has been up: with nothing dropped, coverage starts then. */
        upMs: z.number().int().min(0).max(366 * 86_400_000).optional(),
      })
      .strict(),
    events: z.array(ListenerEvent).max(MAX_LISTENER_EVENTS),
  })
  .strict();
export type ListenerBatch = z.infer<typeof ListenerBatch>;

/** The name Respawn gives a supervisord process: the connector's own rule. */
export const supervisordProcessName = qualifiedName;

/** Respawn's state word for a supervisord state (EXITED depends on whether the exit was expected). */
export function stateOf(raw: SupervisorState, expected: boolean | null): ProcessState {
  return stateOfStatename(raw, expected === true);
}

/** A respawn by supervisord itself: a new spawn right after a run ended or a spawn failed. */
export function isManagerRestart(e: Pick<ListenerEvent, "state" | "fromState">): boolean {
  return e.state === "STARTING" && (e.fromState === "EXITED" || e.fromState === "BACKOFF");
}

export function causeOfEvent(e: Pick<ListenerEvent, "state" | "fromState" | "expected">): TransitionCause {
  if (isManagerRestart(e)) return "manager-restart";
  switch (e.state) {
    case "EXITED":
      return e.expected ? "stop" : "crash";
    case "BACKOFF":
    case "FATAL":
      return "crash";
    case "STOPPING":
    case "STOPPED":
      return "stop";
    case "STARTING":
    case "RUNNING":
      return "start";
    default:
      return "unknown";
  }
}
