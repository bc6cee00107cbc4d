import type { ControlAction, ControlResult } from "@/lib/connectors/types";
import { getAuthDb } from "@/lib/auth/db";
import { canSeeProcess } from "@/lib/auth/host-scope";
import { getMonitor } from "@/lib/fleet/instance";
import type { BatchResult } from "@/lib/fleet/monitor";
import type { User } from "@/lib/store/users";
import { decodeProcessId } from "@/lib/util/ids";
import { RespawnError, toRespawnError } from "@/lib/util/errors";
import { countActionOutcome } from "@/lib/metrics/observers";
import { appendAudit } from "./append";
import { settleInFlight, trackInFlight } from "./in-flight";

/** "host/manager/name" for the audit log; the raw id when it does not decode. */
function describeTarget(id: string): string {
  try {
    const r = decodeProcessId(id);
    return `${r.hostId}/${r.manager}/${r.name}`;
  } catch {
    return id.slice(0, 700);
  }
}

interface Who {
  user: User;
  address: string | null;
}

/** Writes one "attempted" row per process before anything runs: if the store is down, nothing runs. */
function recordAttempts(who: Who, action: ControlAction, ids: string[]): void {
  const db = getAuthDb();
  db.transaction(() => {
    for (const id of ids) {
      appendAudit(db, { actor: who.user.name, address: who.address, action: `process.${action}`, target: describeTarget(id), result: "attempted" });
    }
  })();
}

/**
 * The audit row of one outcome, in the API's words (done / failed / unknown). The target is the
 * process the manager acted on (its canonical id: a unit's real name, not the alias asked for).
 */
export function outcomeRow(r: BatchResult): { target: string; result: string; detail: string | null } {
  const canonical = r.result?.process?.id;
  const asked = canonical && canonical !== r.id ? ` (asked as ${describeTarget(r.id)})` : "";
  const target = describeTarget(canonical ?? r.id);
  if (r.error) return { target, result: "failed", detail: `not run: ${r.error.code}: ${r.error.message}` };
  const result = r.result?.outcome ?? "unknown";
  return { target, result, detail: `${r.result?.message ?? "no answer"}${asked}` };
}

function recordOutcomes(who: Who, action: ControlAction, results: BatchResult[]): void {
  const db = getAuthDb();
  const outcomes: string[] = [];
  db.transaction(() => {
    for (const r of results) {
      const row = outcomeRow(r);
      outcomes.push(row.result);
      appendAudit(db, { actor: who.user.name, address: who.address, action: `process.${action}`, ...row });
    }
  })();
  // Counted with the audit's own outcome words, once they are stored.
  for (const outcome of outcomes) countActionOutcome(action, outcome);
}

function rowsOf(who: Who, action: ControlAction, ids: string[]) {
  return ids.map((id) => ({ actor: who.user.name, address: who.address, action: `process.${action}`, target: describeTarget(id) }));
}

/** Runs one action for a user, audited before and after; the result returns only once stored. */
export async function controlAudited(who: Who, id: string, action: ControlAction): Promise<ControlResult> {
  if (!canSeeProcess(who.user, id)) throw new RespawnError("NOT_FOUND", "no such process");
  recordAttempts(who, action, [id]);
  const pending = trackInFlight(rowsOf(who, action, [id]));
  try {
    const result = await getMonitor().control(id, action, who.user.name);
    settleInFlight(pending, () => recordOutcomes(who, action, [{ id, result }]));
    return result;
  } catch (e) {
    const err = toRespawnError(e);
    settleInFlight(pending, () => recordOutcomes(who, action, [{ id, error: { code: err.code, message: err.message } }]));
    throw e;
  }
}

/** Runs one action on many processes for a user; hosts outside the user's scope answer NOT_FOUND. */
export async function controlManyAudited(who: Who, ids: string[], action: ControlAction): Promise<BatchResult[]> {
  const visible = ids.filter((id) => canSeeProcess(who.user, id));
  recordAttempts(who, action, visible);
  const pending = trackInFlight(rowsOf(who, action, visible));
  const ran = await getMonitor().controlMany(visible, action, who.user.name);
  settleInFlight(pending, () => recordOutcomes(who, action, ran));
  const byId = new Map(ran.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? { id, error: { code: "NOT_FOUND", message: "no such process" } });
}
