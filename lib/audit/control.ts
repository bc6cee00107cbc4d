import type { ControlAction, ControlResult } from "@/lib/connectors/types";
import { getAuthDb } from "@/lib/auth/db";
import { canSeeProcess } from "@/lib/auth/host-scope";
import { getMonitor } from "@/lib/fleet/instance";
import type { BatchResult } from "@/lib/fleet/monitor";
import type { User } from "@/lib/store/users";
import { decodeProcessId } from "@/lib/util/ids";
import { RespawnError, toRespawnError } from "@/lib/util/errors";
import { appendAudit } from "./append";

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

function recordOutcomes(who: Who, action: ControlAction, results: BatchResult[]): void {
  const db = getAuthDb();
  db.transaction(() => {
    for (const r of results) {
      const result = r.error ? "failed" : r.result?.ok ? "ok" : "failed";
      const detail = r.error ? `${r.error.code}: ${r.error.message}` : (r.result?.message ?? null);
      appendAudit(db, { actor: who.user.name, address: who.address, action: `process.${action}`, target: describeTarget(r.id), result, detail });
    }
  })();
}

/** Runs one action for a user, audited before and after; the result returns only once stored. */
export async function controlAudited(who: Who, id: string, action: ControlAction): Promise<ControlResult> {
  if (!canSeeProcess(who.user, id)) throw new RespawnError("NOT_FOUND", "no such process");
  recordAttempts(who, action, [id]);
  try {
    const result = await getMonitor().control(id, action);
    recordOutcomes(who, action, [{ id, result }]);
    return result;
  } catch (e) {
    const err = toRespawnError(e);
    recordOutcomes(who, action, [{ id, error: { code: err.code, message: err.message } }]);
    throw e;
  }
}

/** Runs one action on many processes for a user; hosts outside the user's scope answer NOT_FOUND. */
export async function controlManyAudited(who: Who, ids: string[], action: ControlAction): Promise<BatchResult[]> {
  const visible = ids.filter((id) => canSeeProcess(who.user, id));
  recordAttempts(who, action, visible);
  const ran = await getMonitor().controlMany(visible, action);
  recordOutcomes(who, action, ran);
  const byId = new Map(ran.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? { id, error: { code: "NOT_FOUND", message: "no such process" } });
}
