import type {
  ConfigChangeNames,
  ConfigChanges,
  ConfigGroupChange,
  ConfigGroupOutcome,
  ConfigUpdateResult,
} from "@/lib/connectors/types";
import { RespawnError, toRespawnError } from "@/lib/util/errors";
import type { SupervisordClient, SupervisordPolicyClient } from "./client";
import { FAULT_NAMES } from "./faults";
import { qualifiedName } from "./mapper";

export interface ConfigUpdateDeps {
  hostId: string;
  client: SupervisordClient;
  policyClient: SupervisordPolicyClient;
  /** Called after groups were added or removed: cached program configs are stale. */
  onChanged(): void;
}

const UP = ["RUNNING", "STARTING", "BACKOFF", "STOPPING"];
/** Longest wait for a group to stop: supervisord's own stopwaitsecs default is 10 s; a minute covers most. */
const STOP_BUDGET_MS = 65_000;
const POLL_MS = 150;

async function reread(d: ConfigUpdateDeps, signal: AbortSignal): Promise<ConfigChangeNames> {
  const [[added, changed, removed]] = await d.policyClient.reloadConfig(signal);
  return { added: [...added].sort(), changed: [...changed].sort(), removed: [...removed].sort() };
}

function group(name: string, programs: Map<string, string[]>): ConfigGroupChange {
  return { group: name, programs: [...(programs.get(name) ?? [])].sort() };
}

/** Re-reads supervisord's files (`supervisorctl reread`) and names each group's programs. */
export async function readConfigChanges(d: ConfigUpdateDeps, signal: AbortSignal): Promise<ConfigChanges> {
  const names = await reread(d, signal);
  // After a reread, getAllConfigInfo describes the files; removed groups only still run.
  const [configs, infos] = await Promise.all([d.client.getAllConfigInfo(signal), d.client.getAllProcessInfo(signal)]);
  const inFiles = new Map<string, string[]>();
  for (const c of configs) inFiles.set(c.group, [...(inFiles.get(c.group) ?? []), qualifiedName(c.group, c.name)]);
  const running = new Map<string, string[]>();
  for (const p of infos) running.set(p.group, [...(running.get(p.group) ?? []), qualifiedName(p.group, p.name)]);
  return {
    added: names.added.map((g) => group(g, inFiles)),
    changed: names.changed.map((g) => group(g, inFiles)),
    removed: names.removed.map((g) => group(g, running)),
  };
}

const sameNames = (a: ConfigChangeNames, b: ConfigChangeNames) =>
  (["added", "changed", "removed"] as const).every((k) => [...a[k]].sort().join("\n") === [...b[k]].sort().join("\n"));

/** Stops a group without blocking supervisord's reply, then polls until no member is up; names any that failed. */
async function stopGroup(d: ConfigUpdateDeps, name: string, signal: AbortSignal): Promise<string | null> {
  const answers = await d.client.stopProcessGroup(name, signal);
  const failed = Array.isArray(answers)
    ? answers.filter((a): a is { name: string; status: number } => typeof a === "object" && a !== null && "status" in a && a.status === 30)
    : [];
  if (failed.length > 0) return `${failed.map((f) => f.name).join(", ")} could not be stopped`;
  const until = Date.now() + STOP_BUDGET_MS;
  while (Date.now() < until) {
    const all = await d.client.getAllProcessInfo(signal);
    if (!all.some((p) => p.group === name && UP.includes(p.statename))) return null;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return "it did not stop in time";
}

function why(e: unknown, hostId: string): string {
  const err = toRespawnError(e, "FAULT", hostId);
  return (err.detail ?? err.message).replace(new RegExp(`^(${Object.values(FAULT_NAMES).join("|")}): `), "");
}

/** One group, as `supervisorctl update` treats it: removed → stop, remove; changed → stop, remove, add; added → add. */
async function applyGroup(d: ConfigUpdateDeps, name: string, change: ConfigGroupOutcome["change"], signal: AbortSignal): Promise<ConfigGroupOutcome> {
  const done = (ok: boolean, message: string): ConfigGroupOutcome => ({ group: name, change, ok, message });
  try {
    if (change !== "added") {
      const problem = await stopGroup(d, name, signal);
      // supervisorctl leaves a removed group that did not stop ("has problems; not removing").
      if (problem && change === "removed") return done(false, `not removed: ${problem}`);
      await d.policyClient.removeProcessGroup(name, signal);
      if (change === "removed") return done(true, "stopped and removed");
    }
    await d.policyClient.addProcessGroup(name, signal);
    return done(true, change === "added" ? "added (started if autostart)" : "stopped, removed and added with the new settings");
  } catch (e) {
    return done(false, why(e, d.hostId));
  }
}

const isEmpty = (c: ConfigChangeNames) => c.added.length + c.changed.length + c.removed.length === 0;

/**
 * supervisorctl update: re-reads the files, refuses (CONFLICT) when they no longer say what the
 * admin was shown, applies each group in supervisorctl's order, then re-reads again to verify.
 */
export async function applyConfigChanges(d: ConfigUpdateDeps, expected: ConfigChangeNames, signal: AbortSignal): Promise<ConfigUpdateResult> {
  const now = await reread(d, signal);
  if (!sameNames(now, expected)) {
    throw new RespawnError("CONFLICT", "the configuration files changed since they were checked; nothing was applied — check again", { hostId: d.hostId });
  }
  const groups: ConfigGroupOutcome[] = [];
  try {
    for (const g of now.removed) groups.push(await applyGroup(d, g, "removed", signal));
    for (const g of now.changed) groups.push(await applyGroup(d, g, "changed", signal));
    for (const g of now.added) groups.push(await applyGroup(d, g, "added", signal));
  } finally {
    if (groups.length > 0) d.onChanged();
  }
  const remaining = await readConfigChanges(d, signal);
  const left = { added: remaining.added.map((g) => g.group), changed: remaining.changed.map((g) => g.group), removed: remaining.removed.map((g) => g.group) };
  const ok = groups.every((g) => g.ok) && isEmpty(left);
  const failed = groups.filter((g) => !g.ok).length;
  const message = groups.length === 0
    ? "nothing to load: the files match what runs"
    : ok
      ? `loaded ${groups.length} group change${groups.length === 1 ? "" : "s"}; a reread finds nothing left`
      : `${failed} of ${groups.length} group changes failed; a reread still finds ${left.added.length + left.changed.length + left.removed.length} to load`;
  return { outcome: ok ? "done" : "failed", ok, groups, remaining, message };
}
