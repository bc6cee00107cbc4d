import type { RestartCount, StoredTransition } from "@/lib/client/use-history";

/** "3" when exact, "≥3" when only a lower bound is known. */
export function countLabel(c: RestartCount): string {
  return c.exact ? String(c.count) : `≥${c.count}`;
}

/** "3" when exact, "at least 3" when only a lower bound is known. */
export function countWords(c: RestartCount): string {
  return c.exact ? String(c.count) : `at least ${c.count}`;
}

/** Who or what caused a state change, in words. */
export function causeText(t: Pick<StoredTransition, "cause" | "actor"> & { action?: string | null }): string {
  switch (t.cause) {
    case "crash":
      return "crash";
    case "manager-restart":
      return "restarted by the manager";
    case "action":
      if (!t.actor) return t.action ?? "action";
      return `${t.action ?? "action"} by ${t.actor}`;
    case "start":
      return "started";
    case "stop":
      return "stopped";
    case "unknown":
      return "unknown cause";
  }
}

/** "exit 1", "SIGKILL", "exit 1 · SIGTERM", or null when neither is known. */
export function exitText(t: Pick<StoredTransition, "exitStatus" | "signal">): string | null {
  const parts: string[] = [];
  if (t.exitStatus !== null) parts.push(`exit ${t.exitStatus}`);
  if (t.signal) parts.push(t.signal);
  return parts.length ? parts.join(" · ") : null;
}
