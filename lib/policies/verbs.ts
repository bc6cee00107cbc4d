import { parsePolicyChange, type PolicyApplyOptions, type PolicyApplyResult, type PolicyChange } from "@/lib/connectors/policy";
import { getAuthDb } from "@/lib/auth/db";
import { decodeProcessId, type ProcessRef } from "@/lib/util/ids";
import { RespawnError, toRespawnError } from "@/lib/util/errors";
import { advisePolicy } from "./advisor";
import { forgetAdvice, rememberAdvice } from "./advice-cache";
import { runOnEndpoint } from "./connector-access";
import { getPolicyChange, insertPolicyChange, listPolicyChanges } from "./history";
import { assertNotEmpty } from "./change-request";
import { redactConfigText } from "./redact";
import { diffOf, fieldsFor, forBrowser, type PolicyHistoryView, type PolicyPlanView, type PolicyView } from "./views";

export { applyView, type PolicyApplyView, type PolicyHistoryView, type PolicyPlanView, type PolicyView } from "./views";

/** Who asks, and how to append to the audit log as them (the route's `audit`). */
export interface PolicyActor {
  name: string;
  audit(entry: { action: string; target?: string | null; result: string; detail?: string | null }): void;
}

const targetOf = (r: ProcessRef) => `${r.hostId}/${r.manager}/${r.name}`;

// One policy write at a time per endpoint: two edits of one config file must not interleave.
const locks = new Map<string, Promise<unknown>>();
function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = locks.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(task);
  const tail = next.catch(() => undefined);
  locks.set(key, tail);
  void tail.then(() => {
    if (locks.get(key) === tail) locks.delete(key);
  });
  return next;
}

/** The restart policy in force for a process, with the advisor's findings. */
export async function readProcessPolicy(id: string): Promise<PolicyView> {
  const ref = decodeProcessId(id);
  const policy = await runOnEndpoint(ref.hostId, ref.manager, (c, signal) => c.readPolicy(ref.name, signal));
  const advice = advisePolicy(policy);
  rememberAdvice(id, advice);
  return { processId: id, policy: forBrowser(policy), advice, fields: fieldsFor(policy) };
}

/** The exact file change a policy change would make, as a unified diff; nothing is written. */
export async function planProcessPolicy(id: string, raw: unknown): Promise<PolicyPlanView> {
  const ref = decodeProcessId(id);
  const change = parsePolicyChange(ref.manager, raw);
  assertNotEmpty(change);
  const plan = await runOnEndpoint(ref.hostId, ref.manager, (c, signal) => c.planPolicy(ref.name, change, signal));
  return {
    path: plan.path,
    diff: diffOf(plan.path, plan.before, plan.after),
    copyText: plan.readOnlyReason ? redactConfigText(plan.after) : null,
    changed: plan.before !== plan.after,
    applyRestarts: plan.applyRestarts,
    readOnlyReason: plan.readOnlyReason,
  };
}

async function applyAudited(
  actor: PolicyActor,
  id: string,
  change: PolicyChange,
  options: PolicyApplyOptions,
  action: string,
): Promise<PolicyApplyResult> {
  const ref = decodeProcessId(id);
  const target = targetOf(ref);
  // Stored before anything runs: when the audit log cannot be written, nothing is changed.
  actor.audit({ action, target, result: "attempted", detail: JSON.stringify(change).slice(0, 1500) });
  try {
    const result = await serialized(`${ref.hostId}/${ref.manager}`, () =>
      runOnEndpoint(ref.hostId, ref.manager, (c, signal) => c.applyPolicy(ref.name, change, options, signal)),
    );
    forgetAdvice(id);
    actor.audit({ action, target, result: result.ok ? "ok" : result.rolledBack ? "rolled-back" : "failed", detail: result.message });
    return result;
  } catch (e) {
    const err = toRespawnError(e, "FAULT");
    actor.audit({ action, target, result: "failed", detail: `${err.code}: ${err.message}` });
    throw e;
  }
}

function record(id: string, actor: PolicyActor, result: PolicyApplyResult, kind: "apply" | "restore", restoredFrom: number | null): number {
  const ref = decodeProcessId(id);
  return insertPolicyChange(getAuthDb(), {
    processId: id,
    hostId: ref.hostId,
    manager: ref.manager,
    name: ref.name,
    at: Date.now(),
    actor: actor.name,
    kind,
    restoredFrom,
    path: result.path,
    ownedBefore: result.ownedBefore,
    ownedAfter: result.ownedAfter,
    textBefore: result.before,
    textAfter: result.after,
    ok: result.ok,
    rolledBack: result.rolledBack,
    message: result.message,
  });
}

/** Applies a change (validated), audited before and after, and keeps it in the policy history. */
export async function applyProcessPolicy(
  actor: PolicyActor,
  id: string,
  raw: unknown,
  options: PolicyApplyOptions = {},
): Promise<PolicyApplyResult & { historyId: number }> {
  const change = parsePolicyChange(decodeProcessId(id).manager, raw);
  assertNotEmpty(change);
  const result = await applyAudited(actor, id, change, options, "policy.apply");
  return { ...result, historyId: record(id, actor, result, "apply", null) };
}

/** A process's policy changes, newest first. */
export function listProcessPolicyHistory(id: string): PolicyHistoryView[] {
  decodeProcessId(id);
  return listPolicyChanges(getAuthDb(), id).map(({ textBefore, textAfter, ...rest }) => ({
    ...rest,
    diff: diffOf(rest.path, textBefore, textAfter),
  }));
}

/**
 * Restores the version before (or after) a recorded change, the same safe way as an edit:
 * every key that change touched is set back to what Respawn's file held then.
 */
export async function restoreProcessPolicy(
  actor: PolicyActor,
  id: string,
  entryId: number,
  which: "before" | "after",
  options: PolicyApplyOptions = {},
): Promise<PolicyApplyResult & { historyId: number }> {
  const entry = getPolicyChange(getAuthDb(), id, entryId);
  const version = which === "before" ? entry.ownedBefore : entry.ownedAfter;
  const keys = new Set([...Object.keys(entry.ownedBefore), ...Object.keys(entry.ownedAfter)]);
  const change: PolicyChange = {};
  // A key that version could not hold as a typed value (a log path) is left as it is now.
  for (const k of keys) if (k in version) change[k] = version[k] ?? null;
  const valid = parsePolicyChange(entry.manager, change);
  if (Object.keys(valid).length === 0) throw new RespawnError("INVALID", "that version holds nothing to restore");
  const result = await applyAudited(actor, id, valid, options, "policy.restore");
  return { ...result, historyId: record(id, actor, result, "restore", entry.id) };
}
