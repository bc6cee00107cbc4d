import type { ControlAction, ProcessInfo } from "@/lib/connectors/types";

/** Actions that end with the unit running, so they are only done once it stayed up. */
export const STARTING_ACTIONS: readonly ControlAction[] = ["start", "restart", "reset-and-start"];

const POLL_MS = 200;
const MIN_WINDOW_MS = 1_000;
const MAX_WINDOW_MS = 10_000;
const MAX_BUDGET_MS = 45_000;

function numberDetail(p: ProcessInfo, key: string): number | null {
  const v = p.details[key];
  return typeof v === "number" ? v : null;
}

/**
 * How long a unit must stay active to count as up — systemd's counterpart of supervisord's
 * startsecs: a unit restarted automatically must outlive one restart delay plus a second, so a
 * crash that systemd would restart shows before the answer is given. Between 1 and 10 s.
 */
export function settleWindowMs(p: ProcessInfo): number {
  const restart = p.details.restart;
  if (restart === "no" || restart === null || restart === undefined) return MIN_WINDOW_MS;
  const delay = numberDetail(p, "restartMs") ?? 100;
  return Math.min(MAX_WINDOW_MS, Math.max(MIN_WINDOW_MS, 2 * delay + MIN_WINDOW_MS));
}

/** The longest wait for a verdict: every start the start limit allows, each with its window. */
export function settleBudgetMs(p: ProcessInfo): number {
  const window = settleWindowMs(p);
  const burst = Math.max(1, numberDetail(p, "startLimitBurst") ?? 5);
  const delay = numberDetail(p, "restartMs") ?? 100;
  return Math.min(MAX_BUDGET_MS, window + burst * (delay + window));
}

export type Settled =
  | { verdict: "up"; process: ProcessInfo; relapses: number }
  | { verdict: "down"; process: ProcessInfo; relapses: number }
  | { verdict: "unsettled"; process: ProcessInfo; relapses: number; why: string }
  | { verdict: "cut"; process: ProcessInfo; why: string };

const isActive = (p: ProcessInfo) => p.details.activeState === "active" || p.details.activeState === "reloading";
const isDown = (p: ProcessInfo) => p.state === "gave-up" || p.state === "crashed" || p.state === "stopped";

/**
 * Reads the unit until it has been active for one whole settle window ("up"), or ended failed or
 * inactive ("down"), or the budget or the caller's signal ran out ("cut"). `relapses` counts the
 * automatic restarts systemd made while Respawn watched.
 */
export async function settleUnit(
  read: () => Promise<ProcessInfo>,
  signal: AbortSignal,
  onProgress?: (p: ProcessInfo) => void,
): Promise<Settled> {
  let p = await read();
  const window = settleWindowMs(p);
  const budget = settleBudgetMs(p);
  const until = Date.now() + budget;
  const firstRestarts = p.restarts ?? 0;
  let activeSince = isActive(p) ? Date.now() : null;
  for (;;) {
    const relapses = Math.max(0, (p.restarts ?? 0) - firstRestarts);
    if (activeSince !== null && Date.now() - activeSince >= window) return { verdict: "up", process: p, relapses };
    if (isDown(p)) return { verdict: "down", process: p, relapses };
    if (signal.aborted) return { verdict: "cut", process: p, why: "the wait was aborted" };
    if (Date.now() >= until) {
      return { verdict: "unsettled", process: p, relapses, why: `it did not stay up for ${window} ms within ${budget} ms` };
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
    p = await read();
    onProgress?.(p);
    if (!isActive(p)) activeSince = null;
    else activeSince ??= Date.now();
  }
}

/** "started, failed again 3 times, start limit hit (exit status 3)". */
export function describeRelapse(p: ProcessInfo, restartsSeen: number): string {
  const failures = p.state === "gave-up" ? Math.max(1, p.restarts ?? restartsSeen) : restartsSeen + 1;
  const exit = p.exitSignal ? `killed by ${p.exitSignal}` : p.exitStatus !== null ? `exit status ${p.exitStatus}` : null;
  const parts = [`started, failed again ${failures} time${failures === 1 ? "" : "s"}`];
  if (p.state === "gave-up") parts.push("start limit hit");
  else if (p.state === "stopped") parts.push("then stopped");
  return `${parts.join(", ")}${exit ? ` (last ${exit})` : ""}`;
}
