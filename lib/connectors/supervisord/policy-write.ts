import type { PolicyChange, ProcessPolicy } from "@/lib/connectors/policy";
import { RespawnError, toRespawnError } from "@/lib/util/errors";
import { readFileNoFollow, writeFileAtomic } from "@/lib/util/safe-file";
import type { SupervisordClient, SupervisordPolicyClient } from "./client";
import { editSection } from "./config-file";
import type { ProgramLocation } from "./config-locate";

export interface SectionChange {
  hostId: string;
  client: SupervisordClient;
  policyClient: SupervisordPolicyClient;
  loc: ProgramLocation;
  group: string;
  change: PolicyChange;
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

/** Stops the group without blocking supervisord's reply, then polls until no member is up. */
async function stopGroup(c: SectionChange): Promise<void> {
  await c.client.stopProcessGroup(c.group, c.signal);
  const until = Date.now() + (c.stopwaitsecs + 5) * 1000;
  while (Date.now() < until) {
    const all = await c.client.getAllProcessInfo(c.signal);
    if (!all.some((p) => p.group === c.group && UP.includes(p.statename))) return;
    await sleep(150);
  }
  throw new RespawnError("TIMEOUT", `the group ${c.group} did not stop in time; its configuration file was changed but not loaded`, { hostId: c.hostId });
}

/** Removes and adds the group, as `supervisorctl update <group>` does: it restarts with the new settings. */
async function reloadGroup(c: SectionChange): Promise<void> {
  await stopGroup(c);
  await c.policyClient.removeProcessGroup(c.group, c.signal);
  await c.policyClient.addProcessGroup(c.group, c.signal);
}

async function restore(c: SectionChange, before: string): Promise<void> {
  await writeFileAtomic(c.loc.file, before);
  await c.policyClient.reloadConfig(c.signal).catch(() => undefined);
}

/**
 * Edits the program's section in place (every other line kept), writes it atomically, has
 * supervisord re-read its config, then removes and adds the group. A refused re-read or add puts
 * the previous file back (and the group back as it was).
 */
export async function applySectionChange(c: SectionChange): Promise<SectionOutcome> {
  const before = await readFileNoFollow(c.loc.file);
  if (before === null) throw new RespawnError("NOT_FOUND", `${c.loc.file} is gone`, { hostId: c.hostId });
  if (before !== c.loc.text) throw new RespawnError("CONFLICT", `${c.loc.file} changed while the change was prepared; try again`, { hostId: c.hostId });
  const after = editSection(before, c.loc.program, c.change);
  const base = { before, after };
  if (after === before) return { ...base, ok: true, rolledBack: false, message: "nothing to change", policy: await c.readBack() };
  await writeFileAtomic(c.loc.file, after);
  let changed: string[];
  try {
    changed = (await c.policyClient.reloadConfig(c.signal))[0][1];
  } catch (e) {
    await writeFileAtomic(c.loc.file, before);
    const why = toRespawnError(e, "FAULT", c.hostId);
    return { ...base, ok: false, rolledBack: true, policy: await c.readBack().catch(() => null), message: `supervisord refused the new configuration (${why.detail ?? why.message}); the previous file was put back` };
  }
  if (!changed.includes(c.group)) {
    return { ...base, ok: true, rolledBack: false, policy: await c.readBack(), message: "applied; supervisord saw no change to load" };
  }
  try {
    await reloadGroup(c);
  } catch (e) {
    await restore(c, before);
    await c.policyClient.addProcessGroup(c.group, c.signal).catch(() => undefined);
    const why = toRespawnError(e, "FAULT", c.hostId);
    return { ...base, ok: false, rolledBack: true, policy: await c.readBack().catch(() => null), message: `the new settings could not be loaded (${why.detail ?? why.message}); the previous file was put back` };
  }
  return { ...base, ok: true, rolledBack: false, policy: await c.readBack(), message: `applied; supervisord reloaded and restarted ${c.group}` };
}
