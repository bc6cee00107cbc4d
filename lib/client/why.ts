import { formatExit } from "@/lib/client/format";
import type { LogLine, LogStream, ProcessView } from "@/lib/client/types";

// systemd's Result words, said as an operator would read them (systemd.exec(5), "$SERVICE_RESULT").
const SYSTEMD_RESULT: Record<string, string> = {
  "exit-code": "exited with a failure code",
  signal: "killed by a signal",
  "core-dump": "crashed and dumped core",
  timeout: "timed out",
  watchdog: "watchdog timeout",
  "start-limit-hit": "start limit hit",
  resources: "could not set up its resources",
  protocol: "broke the service protocol",
  "exec-condition": "start condition not met",
  "oom-kill": "killed for running out of memory",
};

type WhyFacts = Pick<
  ProcessView,
  | "manager"
  | "state"
  | "exitStatus"
  | "exitSignal"
  | "spawnError"
  | "restarts"
  | "details"
  | "history"
>;

/** The manager's own reason in words: supervisord's spawn error, or systemd's Result and start limit. */
export function managerReason(p: WhyFacts): string | null {
  if (p.manager === "supervisord") return p.spawnError;
  const result = p.spawnError ? (SYSTEMD_RESULT[p.spawnError] ?? p.spawnError) : null;
  if (p.state !== "gave-up") return result;
  // systemd 252 reports Result=exit-code after the start limit (not start-limit-hit): say both.
  const burst = p.details.startLimitBurst;
  const windowMs = p.details.startLimitIntervalMs;
  const limit =
    typeof burst === "number" && typeof windowMs === "number"
      ? `start limit hit (${burst} starts in ${Math.round(windowMs / 1000)} s)`
      : "start limit hit";
  return result && result !== "start limit hit" ? `${limit}; last run ${result}` : limit;
}

/** True for what ended badly and stays down or keeps failing: gave up or crashed. */
export function troubled(p: Pick<ProcessView, "state">): boolean {
  return p.state === "gave-up" || p.state === "crashed";
}

/** True for the processes whose overview row should say why: gave up, crashed or flapping. */
export function needsWhy(p: WhyFacts): boolean {
  return troubled(p) || p.history?.flapping === true;
}

/** One line of why: "exit 78 · Exited too quickly (process log may have details)", or null. */
export function whyLine(p: WhyFacts): string | null {
  const parts = [formatExit(p), managerReason(p)].filter((s): s is string => Boolean(s));
  return parts.length ? parts.join(" · ") : null;
}

/** The stream that most likely holds the cause: stderr when it is separate, else the first one. */
export function errorStream(logs: readonly LogStream[]): LogStream | null {
  if (logs.includes("stderr")) return "stderr";
  return logs[0] ?? null;
}

// journal priority 4 is "warning": anything at or above it in severity is an error line.
const WARNING = 4;

/**
 * The lines around the last exit: with timestamps, those up to a few seconds after it; then the
 * warnings and errors among them when the log has priorities, else the last lines. At most `max`.
 */
export function pickErrorLines(
  lines: readonly LogLine[],
  exitAt: number | null,
  max = 8,
): LogLine[] {
  const slackMs = 5_000;
  const before =
    exitAt === null ? lines : lines.filter((l) => l.ts === null || l.ts <= exitAt + slackMs);
  const pool = before.length > 0 ? before : lines;
  const severe = pool.filter((l) => l.priority !== null && l.priority <= WARNING);
  return (severe.length > 0 ? severe : pool).slice(-max);
}
