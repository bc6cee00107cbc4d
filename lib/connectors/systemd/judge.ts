import { controlResult } from "@/lib/connectors/outcome";
import type { ControlAction, ControlResult, ProcessInfo } from "@/lib/connectors/types";
import { describeJobFailure, type JobOutcome } from "./control";
import { describeRelapse, settleUnit, settleWindowMs, STARTING_ACTIONS } from "./settle";

export interface JobJudgement {
  action: ControlAction;
  name: string;
  outcome: JobOutcome;
  /** Reads the unit now (its own deadline). */
  read: () => Promise<ProcessInfo>;
  signal: AbortSignal;
  /** Each state read while waiting to settle (shown live, and every run of a crash loop recorded). */
  onProgress?: (p: ProcessInfo) => void;
}

function describeProcess(p: ProcessInfo | null): string {
  if (!p) return "done (the new state could not be read back)";
  if (p.state === "running" && p.pid) return `running (pid ${p.pid})`;
  return p.state === "stopped" ? "stopped" : `${p.state} (${p.rawState})`;
}

/** A job whose result never came (deadline, abort): it is queued on the host and may run. */
const NO_ANSWER = new Set(["deadline", "aborted"]);

/**
 * Turns a finished job into the outcome: a start, restart or reset-and-start is `done` only once
 * the unit stayed active for its settle window; a job systemd answered "failed" is `failed`
 * with why; a job whose answer never came is `unknown`.
 */
export async function judgeJob(j: JobJudgement): Promise<ControlResult> {
  const { action, name, outcome } = j;
  const jobDone = "result" in outcome && outcome.result === "done";
  if (!jobDone) {
    const process = await j.read().catch(() => null);
    const unitResult = typeof process?.details.result === "string" ? process.details.result : null;
    const message = describeJobFailure(outcome, process?.state === "gave-up", unitResult);
    const unknown = "result" in outcome && NO_ANSWER.has(outcome.result);
    return controlResult(unknown ? "unknown" : "failed", action, name, process, message);
  }
  if (!STARTING_ACTIONS.includes(action)) {
    const process = await j.read().catch(() => null);
    return controlResult("done", action, name, process, describeProcess(process));
  }
  return settled(j);
}

async function settled(j: JobJudgement): Promise<ControlResult> {
  const { action, name } = j;
  let s;
  try {
    s = await settleUnit(j.read, j.signal, j.onProgress);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const message = `systemd ran the ${action} job, but the unit could not be read while waiting to see it stay up (${why})`;
    return controlResult("unknown", action, name, null, message);
  }
  const p = s.process;
  switch (s.verdict) {
    case "up": {
      const after = s.relapses > 0 ? ` after ${s.relapses} automatic restart${s.relapses === 1 ? "" : "s"}` : "";
      const message = `${describeProcess(p)}, up for ${settleWindowMs(p) / 1000} s${after}`;
      return controlResult("done", action, name, p, message);
    }
    case "down":
      if (p.state === "stopped" && p.details.result === "success") {
        return controlResult("done", action, name, p, "ran and exited successfully");
      }
      return controlResult("failed", action, name, p, describeRelapse(p, s.relapses));
    case "unsettled":
      return controlResult("failed", action, name, p, `started, but ${s.why}: ${p.rawState}, restarted ${s.relapses} times`);
    case "cut":
      return controlResult("unknown", action, name, p, `systemd ran the ${action} job; ${s.why} before the unit proved it stays up: ${p.rawState}`);
  }
}
