import type { ControlAction } from "@/lib/connectors/types";
import { onAbort } from "@/lib/util/abort-fanout";
import { RespawnError } from "@/lib/util/errors";
import type { JobVerb } from "./client";
import type { Link } from "./session";
import { JobRemovedBody } from "./wire";

/** The actions that are systemd jobs (enable / disable change unit files: unit-files.ts). */
export type JobAction = Exclude<ControlAction, "enable" | "disable">;

const VERB: Record<JobAction, JobVerb> = {
  start: "StartUnit",
  stop: "StopUnit",
  restart: "RestartUnit",
  "reset-and-start": "StartUnit",
};
const JOB_WORD: Record<JobAction, string> = {
  start: "start",
  stop: "stop",
  restart: "restart",
  "reset-and-start": "start",
};

export type JobOutcome = { result: string; jobWord: string } | { refused: string; jobWord: string };

/**
 * Watches JobRemoved before the job is queued: a short job can finish before the reply
 * carrying its path arrives, so results are kept by path until asked for.
 */
function watchJobs(link: Link) {
  const results = new Map<string, string>();
  const waiters = new Map<string, (result: string) => void>();
  const off = link.bus.onSignal((m) => {
    if (m.member !== "JobRemoved") return;
    const r = JobRemovedBody.safeParse(m.body);
    if (!r.success) return;
    const [, path, , result] = r.data;
    const waiter = waiters.get(path);
    if (waiter) waiter(result);
    else results.set(path, result);
  });
  function wait(path: string, deadlineMs: number, signal: AbortSignal): Promise<string> {
    const known = results.get(path);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const settle = () => (clearTimeout(timer), forget());
      const timer = setTimeout(() => (settle(), resolve("deadline")), deadlineMs);
      const finish = (result: string) => (settle(), resolve(result));
      waiters.set(path, finish);
      const forget = onAbort(signal, () => (settle(), resolve("aborted")));
      void link.bus.closed.then((e) => (settle(), reject(e)));
    });
  }
  return { wait, off };
}

/** Runs one action as a systemd job (mode "replace") and waits for its JobRemoved result. */
export async function runJob(
  link: Link,
  name: string,
  action: JobAction,
  options: { timeoutMs: number; jobDeadlineMs: number; signal: AbortSignal },
): Promise<JobOutcome> {
  const jobWord = JOB_WORD[action];
  const call = { timeoutMs: options.timeoutMs, signal: options.signal };
  const jobs = watchJobs(link);
  try {
    if (action === "reset-and-start") await link.client.resetFailed(name, call);
    let path: string;
    try {
      path = await link.client.queueJob(VERB[action], name, call);
    } catch (e) {
      // systemd answered but refused to queue the job (masked, bad setting, start limit…).
      if (e instanceof RespawnError && e.code === "FAULT") return { refused: e.message, jobWord };
      throw e;
    }
    const result = await jobs.wait(path, options.jobDeadlineMs, options.signal);
    return { result, jobWord };
  } finally {
    jobs.off();
  }
}

/** The plain sentence for a job that did not end "done". */
export function describeJobFailure(outcome: JobOutcome, gaveUp: boolean, unitResult: string | null): string {
  const job = `the ${outcome.jobWord} job`;
  if ("refused" in outcome) return `systemd refused the ${outcome.jobWord} job: ${outcome.refused}`;
  switch (outcome.result) {
    case "failed":
      if (gaveUp || unitResult === "start-limit-hit") return `${job} failed: the unit hit its start limit`;
      return unitResult && unitResult !== "success" ? `${job} failed (${unitResult})` : `${job} failed`;
    case "canceled":
      return `${job} was canceled (another job replaced it)`;
    case "timeout":
      return `${job} timed out`;
    case "dependency":
      return `${job} failed because a unit it depends on failed`;
    case "skipped":
      return `${job} was skipped (a condition was not met)`;
    case "deadline":
      return `${job} did not finish in time; it may still be running`;
    case "aborted":
      return `${job} was queued, but the wait for its result was aborted`;
    default:
      return `${job} ended with "${outcome.result}"`;
  }
}
