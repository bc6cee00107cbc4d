import type { PollObserver } from "@/lib/fleet/endpoint-runner";
import { getMetrics } from "./registry";

/** Feeds the poll histogram and the poll-error counter. */
export function pollObserver(): PollObserver {
  const m = getMetrics();
  return {
    pollSucceeded: (e, seconds) => m.pollDuration.observe({ host: e.hostId, manager: e.manager }, seconds),
    pollFailed: (e, code) => m.pollErrors.inc({ host: e.hostId, manager: e.manager, code }),
  };
}

/** One control action's audited outcome (the audit log's word: done, failed, unknown). */
export function countActionOutcome(action: string, outcome: string): void {
  getMetrics().actions.inc({ action, outcome });
}

/** One notification delivery attempt's end: sent or failed. */
export function countNotification(channel: string, outcome: "sent" | "failed"): void {
  getMetrics().notifications.inc({ channel, outcome });
}

/** One refused sign-in, by the audit's word for it (failed, locked). */
export function countSignInFailure(reason: string): void {
  getMetrics().signInFailures.inc({ reason });
}
