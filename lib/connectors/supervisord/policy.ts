import {
  SUPERVISORD_FIELDS,
  parsePolicyChange,
  type PolicyChange,
  type PolicyConnector,
  type ProcessPolicy,
} from "@/lib/connectors/policy";
import { RespawnError } from "@/lib/util/errors";
import type { SupervisordClient, SupervisordPolicyClient } from "./client";
import { editSection, readSectionValues, renderValue } from "./config-file";
import { REMOTE_READ_ONLY, configOfPid, locateProgram, type ProgramLocation } from "./config-locate";
import { findConfigInfo, policySettings, policyValues, type PolicyConfigInfo } from "./policy-read";
import { applySectionChange } from "./policy-write";

export interface SupervisordPolicyDeps {
  hostId: string;
  endpoint: { socket?: string; url?: string; configFile?: string };
  client: SupervisordClient;
  policyClient: SupervisordPolicyClient;
  /** Called after an applied change, so cached config info is read again. */
  onChanged(): void;
}

// Program and group names: no whitespace, no section or group syntax, no interpolation.
const NAME = /^[^\s:[\]%;#=]{1,200}(:[^\s:[\]%;#=]{1,200})?$/;
const LOOPBACK = ["127.0.0.1", "localhost", "[::1]"];

interface Read {
  policy: ProcessPolicy;
  info: PolicyConfigInfo;
  loc: ProgramLocation | null;
}

/** A section to copy by hand, for hosts Respawn cannot write to. */
function sectionText(program: string, owned: PolicyChange): string {
  const lines = SUPERVISORD_FIELDS.filter((f) => owned[f.key] != null).map((f) => `${f.key}=${renderValue(owned[f.key] ?? "")}`);
  return [`[program:${program}]`, ...lines, ""].join("\n");
}

/** Restart-policy reads and writes of one supervisord. */
export function createSupervisordPolicy(deps: SupervisordPolicyDeps): PolicyConnector {
  const { hostId, endpoint, client } = deps;
  const local = Boolean(endpoint.socket) || (endpoint.url !== undefined && LOOPBACK.includes(new URL(endpoint.url).hostname));

  async function mainConfig(signal: AbortSignal): Promise<{ path: string | null; reason: string | null }> {
    if (endpoint.configFile) return { path: endpoint.configFile, reason: null };
    if (!local) return { path: null, reason: REMOTE_READ_ONLY };
    const found = await configOfPid(await client.getPID(signal));
    return found
      ? { path: found, reason: null }
      : { path: null, reason: "supervisord's config file could not be found; set configFile on this host's supervisord endpoint" };
  }

  // Reading many policies in a row (the overview's advice) shares one getAllConfigInfo and one
  // look-up of the main config for a moment, instead of one per program.
  let shared: { at: number; infos: Promise<unknown[]>; main: Promise<{ path: string | null; reason: string | null }> } | null = null;
  const SHARE_MS = 2_000;
  function snapshot(signal: AbortSignal) {
    if (!shared || Date.now() - shared.at > SHARE_MS) {
      const infos = client.getAllConfigInfo(signal);
      const main = mainConfig(signal);
      shared = { at: Date.now(), infos, main };
      // A failed read is not shared.
      Promise.all([infos, main]).catch(() => (shared = null));
    }
    return shared;
  }

  async function read(name: string, signal: AbortSignal, fresh = false): Promise<Read> {
    if (!NAME.test(name)) throw new RespawnError("INVALID", "not a valid supervisord process name", { hostId });
    if (fresh) shared = null;
    let snap = snapshot(signal);
    let info = findConfigInfo(await snap.infos, name, hostId);
    if (!info && !fresh) {
      // The program may have been added since the shared read.
      shared = null;
      snap = snapshot(signal);
      info = findConfigInfo(await snap.infos, name, hostId);
    }
    if (!info) throw new RespawnError("NOT_FOUND", "no such process", { hostId });
    const main = await snap.main;
    const loc = main.path ? await locateProgram(main.path, info.name, info.group) : null;
    const reason = main.reason ?? (loc ? null : `no [program:${info.name}] section was found in supervisord's config files`);
    const section = loc ? readSectionValues(loc.text, loc.program) : null;
    const owned = section?.owned ?? Object.fromEntries(SUPERVISORD_FIELDS.map((f) => [f.key, null]));
    const policy: ProcessPolicy = {
      manager: "supervisord",
      name,
      settings: policySettings(policyValues(info, owned), loc?.file ?? null, section?.lines ?? {}),
      files: loc?.files ?? (main.path ? [main.path] : []),
      target: loc ? `${loc.file} [program:${loc.program}]` : null,
      readOnlyReason: reason,
      owned,
      facts: { command: info.command, group: info.group, program: loc?.program ?? info.name, sourcesKnown: loc !== null },
      applyRestarts: true,
    };
    return { policy, info, loc };
  }

  return {
    async readPolicy(name, signal) {
      return (await read(name, signal)).policy;
    },

    async planPolicy(name, raw, signal) {
      const change = parsePolicyChange("supervisord", raw);
      const { policy, loc, info } = await read(name, signal);
      const owned: PolicyChange = { ...policy.owned };
      for (const [k, v] of Object.entries(change)) if (v !== undefined) owned[k] = v;
      return {
        path: loc?.file ?? `[program:${info.name}]`,
        before: loc?.text ?? "",
        after: loc ? editSection(loc.text, loc.program, change) : sectionText(info.name, owned),
        owned,
        applyRestarts: true,
        readOnlyReason: policy.readOnlyReason,
      };
    },

    async applyPolicy(name, raw, _options, signal) {
      const change = parsePolicyChange("supervisord", raw);
      const { policy, loc, info } = await read(name, signal, true);
      if (!loc || policy.readOnlyReason) throw new RespawnError("FORBIDDEN", policy.readOnlyReason ?? "read-only", { hostId });
      const result = await applySectionChange({
        ...deps,
        loc,
        group: info.group,
        change,
        stopwaitsecs: info.stopwaitsecs,
        signal,
        readBack: async () => (await read(name, signal, true)).policy,
      });
      deps.onChanged();
      const ownedAfter = result.policy?.owned ?? policy.owned;
      return { ...result, path: loc.file, ownedBefore: policy.owned, ownedAfter: result.rolledBack ? policy.owned : ownedAfter };
    },
  };
}
