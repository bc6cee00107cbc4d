import { getAuthDb } from "@/lib/auth/db";
import { ACTION_DRAIN_MS, addShutdownStep } from "@/lib/fleet/shutdown";
import { appendAudit, type AuditInput } from "./append";

type Row = Omit<AuditInput, "result" | "detail">;
interface InFlight {
  rows: Row[];
  /** Set once its outcome (or the shutdown's "unknown") is stored: nothing is written twice. */
  closed: boolean;
}

const inFlight = new Set<InFlight>();

/** Why an action's outcome is unknown when the dashboard stopped before it answered. */
export const CUT_BY_DRAIN = `the dashboard shut down while the action was still running (the ${ACTION_DRAIN_MS / 1000} s drain ended first): the host may have run it`;

/**
 * Remembers actions whose outcome is not stored yet, so a shutdown that cannot wait for them
 * audits each as `unknown`, with why, instead of leaving only its "attempted" row.
 */
export function trackInFlight(rows: Row[]): InFlight {
  const entry = { rows, closed: false };
  inFlight.add(entry);
  return entry;
}

/** Runs `write` unless the shutdown already stored this action as unknown. */
export function settleInFlight(entry: InFlight, write: () => void): void {
  inFlight.delete(entry);
  if (entry.closed) return;
  entry.closed = true;
  write();
}

/** Audits every action still in flight as `unknown`; returns how many rows were written. */
export function auditCutShort(): number {
  const open = [...inFlight].filter((e) => !e.closed);
  if (open.length === 0) return 0;
  const db = getAuthDb();
  let n = 0;
  db.transaction(() => {
    for (const entry of open) {
      entry.closed = true;
      for (const row of entry.rows) {
        appendAudit(db, { ...row, result: "unknown", detail: CUT_BY_DRAIN });
        n += 1;
      }
    }
  })();
  inFlight.clear();
  return n;
}

addShutdownStep("audit the actions cut short", () => {
  const n = auditCutShort();
  if (n > 0) console.error(`respawn: ${n} action(s) outlived the drain and were audited "unknown"`);
});
