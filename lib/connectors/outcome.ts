import type { ControlAction, ControlOutcome, ControlResult, ProcessInfo } from "./types";
import { isRespawnError } from "@/lib/util/errors";

/** Socket errors raised before a request could be written: the host cannot have run anything. */
const NEVER_SENT = new Set([
  "ECONNREFUSED",
  "ENOENT",
  "EACCES",
  "ENOTSOCK",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * True when a failed call may still have reached the host: a timeout, a reset or cut-off reply,
 * an unreadable answer. False when the host answered (a fault, a refusal) or was never reached.
 */
export function mayHaveReachedHost(e: unknown): boolean {
  if (!isRespawnError(e)) return true;
  switch (e.code) {
    case "TIMEOUT":
    case "BAD_RESPONSE":
      return true;
    case "UNREACHABLE":
      return !NEVER_SENT.has(e.detail ?? "");
    default:
      return false;
  }
}

/** Why a call ended without an answer, in words: "no answer within 2000 ms (unix:/x.sock)". */
export function whyNoAnswer(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Builds a result; `ok` always mirrors the outcome. */
export function controlResult(
  outcome: ControlOutcome,
  action: ControlAction,
  name: string,
  process: ProcessInfo | null,
  message: string,
): ControlResult {
  return { outcome, ok: outcome === "done", action, name, process, message };
}

/** How long the re-read after an `unknown` outcome may take: the user waits for it. */
export const REREAD_MS = 2_000;

/**
 * The `unknown` result: the request was sent, no answer came. The state is read once more (never
 * the action) so the user sees what the host did, when it answers.
 */
export async function unknownResult(
  action: ControlAction,
  name: string,
  why: string,
  reread: (signal: AbortSignal) => Promise<ProcessInfo>,
): Promise<ControlResult> {
  const process = await reread(AbortSignal.timeout(REREAD_MS)).catch(() => null);
  const now = process
    ? `state read just now: ${process.rawState}${process.pid ? ` (pid ${process.pid})` : ""}`
    : "its state could not be read either";
  const message = `the ${action} request was sent but no answer came (${why}); the host may have run it, so it was not retried — ${now}`;
  return controlResult("unknown", action, name, process, message);
}
