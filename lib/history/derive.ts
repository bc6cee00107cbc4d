import type { ProcessInfo, ProcessState } from "@/lib/connectors/types";
import type { TransitionCause } from "@/lib/store/transitions";

export interface DerivedTransition {
  fromState: ProcessState | null;
  toState: ProcessState;
  rawState: string;
  exitStatus: number | null;
  signal: string | null;
  pid: number | null;
  cause: TransitionCause;
}

export interface DerivedChange {
  /** The state change between the two snapshots, or null when nothing that matters changed. */
  transition: DerivedTransition | null;
  /** Restarts by the manager between the two snapshots: a lower bound, or exact when `exact`. */
  restarts: number;
  exact: boolean;
}

const NONE: DerivedChange = { transition: null, restarts: 0, exact: false };

/** The leading state word of a raw state ("BACKOFF", "failed (exit-code)" → "FAILED"). */
export function rawWord(raw: string): string {
  return (/^[A-Za-z-]+/.exec(raw.trim())?.[0] ?? "").toUpperCase();
}

/**
 * What happened between two consecutive snapshots of one process. A user action (actor given)
 * is never counted as a restart by the manager — but what the manager does on its own while the
 * action waits to settle is: systemd's NRestarts only counts its own restarts (a user's start
 * resets it), and supervisord's BACKOFF tries are its own retries.
 */
export function deriveChange(prev: ProcessInfo | undefined, next: ProcessInfo, actor: string | null = null): DerivedChange {
  if (!prev) return NONE;
  const restarts =
    next.manager === "systemd"
      ? systemdRestarts(prev, next)
      : actor
        ? supervisordRetries(prev, next)
        : supervisordRestarts(prev, next);
  const pidChanged = prev.pid !== null && next.pid !== null && prev.pid !== next.pid;
  // Another main process came and went between two reads (a fast crash loop): another run ended.
  const lastPid = lastMainPid(next);
  const runChanged = lastPid !== null && lastPid !== lastMainPid(prev);
  const changed = prev.state !== next.state || prev.rawState !== next.rawState || pidChanged || runChanged;
  const ended = runEnded(prev, next) || (runChanged && next.pid === null);
  const transition: DerivedTransition | null = changed
    ? {
        fromState: prev.state,
        toState: next.state,
        rawState: next.rawState,
        // Exit facts belong to the change that ended a run; a start carries none of a past run's.
        exitStatus: ended ? next.exitStatus : null,
        signal: ended ? next.exitSignal : null,
        pid: ended && next.pid === null ? (lastMainPid(next) ?? prev.pid) : next.pid,
        cause: causeOf(prev, next, actor, restarts > 0),
      }
    : null;
  return { transition, restarts, exact: next.manager === "systemd" };
}

/** systemd keeps the pid of the main process that just exited (ExecMainPID): each run of a crash loop has its own. */
function lastMainPid(p: ProcessInfo): number | null {
  const v = p.details.execMainPid;
  return typeof v === "number" && v > 0 ? v : null;
}

const LIVE: ReadonlySet<ProcessState> = new Set(["running", "starting", "stopping"]);

/** True when this change is the end of a run: the process left running/stopping, or ended up down. */
function runEnded(prev: ProcessInfo, next: ProcessInfo): boolean {
  if (!LIVE.has(next.state)) return true;
  // A spawn that exited too quickly (BACKOFF) or a unit waiting to be restarted ended a run too.
  if (rawWord(next.rawState) === "BACKOFF" || next.details.subState === "auto-restart") return prev.rawState !== next.rawState;
  const newPid = prev.pid !== null && next.pid !== prev.pid;
  return (prev.state === "running" || prev.state === "stopping") && (next.state === "starting" || newPid);
}

function causeOf(prev: ProcessInfo, next: ProcessInfo, actor: string | null, restarted: boolean): TransitionCause {
  // A crash or the manager's own restart during a user's action is still the process's doing.
  if (next.state === "crashed" || next.state === "gave-up") return "crash";
  if (restarted) return "manager-restart";
  if (actor) return "action";
  if (next.state === "stopped" || next.state === "stopping") return "stop";
  if ((next.state === "running" || next.state === "starting") && ["stopped", "gave-up"].includes(prev.state)) {
    return "start";
  }
  return "unknown";
}

/** systemd counts its own restarts: NRestarts going up by n is n restarts; going down is a reset. */
function systemdRestarts(prev: ProcessInfo, next: ProcessInfo): number {
  if (prev.restarts === null || next.restarts === null) return 0;
  return Math.max(0, next.restarts - prev.restarts);
}

const IN_STREAK = new Set(["BACKOFF", "STARTING"]);

/**
 * supervisord has no counter: infer the fewest restarts that explain the two snapshots, so a
 * polled count is never above the real one. Evidence: a new pid after a run, and the BACKOFF
 * try number (`restarts`), which counts failed spawns of the current streak.
 */
function supervisordRestarts(prev: ProcessInfo, next: ProcessInfo): number {
  const before = rawWord(prev.rawState);
  const after = rawWord(next.rawState);
  // A new pid after a run is a respawn, unless the old run was being stopped (a user's restart).
  const newRun =
    next.pid !== null &&
    before !== "STOPPING" &&
    (prev.pid !== null ? prev.pid !== next.pid : before === "EXITED" || before === "BACKOFF");
  return Math.max(newRun ? 1 : 0, triesRestarts(prev, before, next, after));
}

/** Only the retries supervisord made by itself (BACKOFF tries): what a user's action leaves to it. */
function supervisordRetries(prev: ProcessInfo, next: ProcessInfo): number {
  return triesRestarts(prev, rawWord(prev.rawState), next, rawWord(next.rawState));
}

/** Spawns that failed between the snapshots, as told by BACKOFF try numbers. */
function triesRestarts(prev: ProcessInfo, before: string, next: ProcessInfo, after: string): number {
  if (after !== "BACKOFF" || next.restarts === null) return 0;
  const tries = next.restarts;
  if (before === "BACKOFF") return Math.max(0, tries - (prev.restarts ?? tries));
  // A streak that began after a run ended: every spawn in it was a restart.
  if (before === "RUNNING" || before === "EXITED") return tries;
  // Mid-streak (STARTING): the spawn under way already had `prev.restarts` failures before it.
  if (IN_STREAK.has(before)) return Math.max(0, tries - ((prev.restarts ?? tries - 1) + 1));
  // From STOPPED / FATAL: the first spawn was a start, not a restart.
  return Math.max(0, tries - 1);
}
