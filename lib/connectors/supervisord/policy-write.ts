import type { PolicyValue, ProcessPolicy } from "@/lib/connectors/policy";
import { RespawnError, toRespawnError } from "@/lib/util/errors";
import { readFileNoFollow, writeFileAtomic } from "@/lib/util/safe-file";
import type { SupervisordClient, SupervisordPolicyClient } from "./client";
import { FILE_ONLY } from "./policy-read";

export interface SectionChange {
  hostId: string;
  client: SupervisordClient;
  policyClient: SupervisordPolicyClient;
  file: string;
  before: string;
  after: string;
  group: string;
  /** What supervisord must report for each changed key once the new file is loaded. */
  expected: Record<string, PolicyValue | null>;
  /** The values in force before the change. */
  previous: Record<string, PolicyValue | null>;
  stopwaitsecs: number;
  signal: AbortSignal;
  readBack(): Promise<ProcessPolicy>;
}

export interface SectionOutcome {
  ok: boolean;
  message: string;
  before: string;
  after: string;
  rolledBack: boolean;
  policy: ProcessPolicy | null;
}

const UP = ["RUNNING", "STARTING", "BACKOFF", "STOPPING"];

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function members(c: SectionChange): Promise<Map<string, string>> {
  const all = await c.client.getAllProcessInfo(c.signal);
  return new Map(all.filter((p) => p.group === c.group).map((p) => [p.name, p.statename]));
}

/**
 * Stops the group without blocking supervisord's reply, then polls until no member is up. The
 * stop's reply itself may be unreadable (supervisord 4.2.5 sends a wrong Content-Length for a
 * group name that is not ASCII) though the stop ran: the poll decides.
 */
async function stopGroup(c: SectionChange): Promise<void> {
  const sent = await c.client.stopProcessGroup(c.group, c.signal).then(() => null, (e: unknown) => toRespawnError(e, "FAULT", c.hostId));
  if (sent?.code === "FAULT" || sent?.code === "NOT_FOUND") throw sent;
  const until = Date.now() + (c.stopwaitsecs + 5) * 1000;
  while (Date.now() < until) {
    if (![...(await members(c)).values()].some((s) => UP.includes(s))) return;
    await sleep(150);
  }
  throw sent ?? new RespawnError("TIMEOUT", `the group ${c.group} did not stop in time`, { hostId: c.hostId });
}

/** Removes and adds the group, as `supervisorctl update <group>` does: it restarts with the new settings. */
async function reloadGroup(c: SectionChange): Promise<void> {
  await stopGroup(c);
  await c.policyClient.removeProcessGroup(c.group, c.signal);
  await c.policyClient.addProcessGroup(c.group, c.signal);
}

/** Puts each member back in the state it had before (running or stopped); says what it did. */
async function restoreStates(c: SectionChange, was: Map<string, string>): Promise<string> {
  const now = await members(c).catch(() => new Map<string, string>());
  const started: string[] = [];
  const stopped: string[] = [];
  for (const [name, before] of was) {
    const full = name === c.group ? name : `${c.group}:${name}`;
    const upBefore = UP.includes(before);
    const upNow = UP.includes(now.get(name) ?? "STOPPED");
    if (upBefore && !upNow && (await c.client.startProcess(full, c.signal).catch(() => false))) started.push(full);
    if (!upBefore && upNow && (await c.client.stopProcess(full, c.signal).catch(() => false))) stopped.push(full);
  }
  const parts = [started.length && `started ${started.join(", ")} again`, stopped.length && `stopped ${stopped.join(", ")} again`].filter(Boolean);
  return parts.length ? `; ${parts.join("; ")} as before` : "; the processes are in the state they had before";
}

/** Puts the previous file back and has supervisord load it again, with the group as it was. */
async function rollBack(c: SectionChange, was: Map<string, string>, reload: boolean): Promise<string> {
  await writeFileAtomic(c.file, c.before);
  const changed = await c.policyClient.reloadConfig(c.signal).then((r) => r[0][1], () => [] as string[]);
  if (reload && changed.includes(c.group)) await reloadGroup(c).catch(() => c.policyClient.addProcessGroup(c.group, c.signal).catch(() => undefined));
  else if (reload) await c.policyClient.addProcessGroup(c.group, c.signal).catch(() => undefined);
  return restoreStates(c, was);
}

/** True when a value supervisord reports is the expected one (an AUTO log is reported as the path it made). */
function matches(key: string, reported: PolicyValue | null | undefined, expected: PolicyValue | null): boolean {
  const norm = (v: PolicyValue | null | undefined) => (typeof v === "string" ? v.toLowerCase() : JSON.stringify(v ?? null));
  if (key.endsWith("_logfile") && expected === "AUTO") return typeof reported === "string" && reported.toLowerCase() !== "none";
  return norm(reported) === norm(expected);
}

/** Keys whose read-back differs from what the new file says (getAllConfigInfo's keys only: the others it does not report). */
function unsettled(c: SectionChange, policy: ProcessPolicy): string[] {
  const reported = (k: string) => policy.settings.find((s) => s.key === k)?.value;
  return Object.entries(c.expected)
    .filter(([k, v]) => !FILE_ONLY.includes(k) && !matches(k, reported(k), v))
    .map(([k, v]) => `${k}=${JSON.stringify(reported(k))} instead of ${JSON.stringify(v)}`);
}

/**
 * Writes the edited file atomically, has supervisord re-read its config, removes and adds the
 * group, then reads the result back from supervisord. A refused re-read, a failed reload or a
 * read-back that is not the edit puts the previous file back and the processes as they were.
 */
export async function applySectionChange(c: SectionChange): Promise<SectionOutcome> {
  const current = await readFileNoFollow(c.file);
  if (current === null) throw new RespawnError("NOT_FOUND", `${c.file} is gone`, { hostId: c.hostId });
  if (current !== c.before) throw new RespawnError("CONFLICT", `${c.file} changed while the change was prepared; try again`, { hostId: c.hostId });
  const base = { before: c.before, after: c.after };
  const was = await members(c);
  await writeFileAtomic(c.file, c.after);
  let changed: string[];
  try {
    changed = (await c.policyClient.reloadConfig(c.signal))[0][1];
  } catch (e) {
    await writeFileAtomic(c.file, c.before);
    const why = toRespawnError(e, "FAULT", c.hostId);
    return { ...base, ok: false, rolledBack: true, policy: await c.readBack().catch(() => null), message: `supervisord refused the new configuration (${why.detail ?? why.message}); the previous file was put back` };
  }
  if (changed.includes(c.group)) {
    try {
      await reloadGroup(c);
    } catch (e) {
      const why = toRespawnError(e, "FAULT", c.hostId);
      const did = await rollBack(c, was, true);
      return { ...base, ok: false, rolledBack: true, policy: await c.readBack().catch(() => null), message: `the new settings could not be loaded (${why.detail ?? why.message}); the previous file was put back${did}` };
    }
  }
  const policy = await c.readBack();
  const off = unsettled(c, policy);
  // A value that changes makes supervisord's re-read list the group; if it does not, supervisord did not see the edit.
  const moved = Object.entries(c.expected).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(c.previous[k] ?? null));
  if (moved.length > 0 && !changed.includes(c.group)) off.push(...moved.map(([k]) => `no change to ${k}`));
  if (off.length > 0) {
    const did = await rollBack(c, was, changed.includes(c.group));
    return { ...base, ok: false, rolledBack: true, policy: await c.readBack().catch(() => null), message: `supervisord did not take the new settings (it reports ${off.join(", ")}); the previous file was put back${did}` };
  }
  const message = changed.includes(c.group) ? `applied; supervisord reloaded and restarted ${c.group}` : "applied; supervisord reports the new values";
  return { ...base, ok: true, rolledBack: false, policy, message };
}
