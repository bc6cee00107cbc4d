import {
  SUPERVISORD_FIELDS,
  parsePolicyChange,
  type PolicyChange,
  type PolicyConnector,
  type PolicyValue,
  type ProcessPolicy,
} from "@/lib/connectors/policy";
import { RespawnError } from "@/lib/util/errors";
import type { SupervisordClient, SupervisordPolicyClient } from "./client";
import { renderValue } from "./config-file";
import { REMOTE_READ_ONLY, configOfPid } from "./config-locate";
import { editSection, type FileEdit } from "./ini/config-edit";
import type { SupervisordConfig } from "./ini/config-groups";
import type { ProcessDefinition } from "./ini/config-processes";
import { findConfigInfo, policySettings, policyValues, type PolicyConfigInfo } from "./policy-read";
import { envOfPid, fieldValue, findDefinition, ownedValues, readConfig, sourcesOf } from "./policy-source";
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

interface Main {
  path: string | null;
  reason: string | null;
  env: Record<string, string>;
}

interface Read {
  policy: ProcessPolicy;
  info: PolicyConfigInfo;
  cfg: SupervisordConfig | null;
  def: ProcessDefinition | null;
  main: Main;
}

/** A section to copy by hand, for hosts Respawn cannot write to. */
function sectionText(program: string, owned: PolicyChange): string {
  const lines = SUPERVISORD_FIELDS.filter((f) => owned[f.key] != null).map((f) => `${f.key}=${renderValue(owned[f.key] ?? "")}`);
  return [`[program:${program}]`, ...lines, ""].join("\n");
}

function refuseFixed(change: PolicyChange, fixed: Record<string, string> | undefined, hostId: string): void {
  const key = Object.keys(change).find((k) => change[k] !== undefined && fixed?.[k]);
  if (key) throw new RespawnError("INVALID", `${key} cannot be changed here: ${fixed?.[key]}`, { hostId });
}

/** The one file an edit writes; a change spread over several files is refused (each is applied alone). */
function oneEdit(edits: FileEdit[], hostId: string): FileEdit | null {
  if (edits.length > 1) {
    throw new RespawnError("INVALID", `these settings are set in different files (${edits.map((e) => e.file).join(", ")}); change the settings of one file at a time`, { hostId });
  }
  return edits[0] ?? null;
}

const same = (a: PolicyValue | null, b: PolicyValue | null): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Restart-policy reads and writes of one supervisord. */
export function createSupervisordPolicy(deps: SupervisordPolicyDeps): PolicyConnector {
  const { hostId, endpoint, client } = deps;
  const local = Boolean(endpoint.socket) || (endpoint.url !== undefined && LOOPBACK.includes(new URL(endpoint.url).hostname));

  async function mainConfig(signal: AbortSignal): Promise<Main> {
    const pid = local ? await client.getPID(signal) : null;
    const env = await envOfPid(pid);
    if (endpoint.configFile) return { path: endpoint.configFile, reason: null, env };
    if (!local || pid === null) return { path: null, reason: REMOTE_READ_ONLY, env };
    const found = await configOfPid(pid);
    return found
      ? { path: found, reason: null, env }
      : { path: null, reason: "supervisord's config file could not be found; set configFile on this host's supervisord endpoint", env };
  }

  // Reading many policies in a row (the overview's advice) shares one getAllConfigInfo and one
  // reading of the config files for a moment, instead of one per program.
  let shared: { at: number; infos: Promise<unknown[]>; main: Promise<Main>; cfg: Promise<SupervisordConfig | string | null> } | null = null;
  const SHARE_MS = 2_000;
  function snapshot(signal: AbortSignal) {
    if (!shared || Date.now() - shared.at > SHARE_MS) {
      const infos = client.getAllConfigInfo(signal);
      const main = mainConfig(signal);
      const cfg = main.then(async (m) => {
        if (!m.path) return null;
        const r = await readConfig(m.path, { env: m.env });
        return r.ok ? r.cfg : r.reason;
      });
      shared = { at: Date.now(), infos, main, cfg };
      // A failed read is not shared.
      Promise.all([infos, main, cfg]).catch(() => (shared = null));
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
    const got = await snap.cfg;
    const cfg = typeof got === "string" ? null : got;
    const def = cfg ? findDefinition(cfg, info.group, info.name) : null;
    const reason =
      main.reason ??
      (typeof got === "string" ? got : null) ??
      (def ? null : `supervisord's config files no longer define ${name}: they were changed after supervisord loaded them (run a reread and update first)`);
    const own = cfg && def ? ownedValues(cfg, def) : { owned: Object.fromEntries(SUPERVISORD_FIELDS.map((f) => [f.key, null])), fixed: {} };
    const policy: ProcessPolicy = {
      manager: "supervisord",
      name,
      settings: policySettings(policyValues(info, def), def ? sourcesOf(def) : {}),
      files: cfg ? [...new Set(cfg.files)] : main.path ? [main.path] : [],
      target: def ? `${cfg?.store.headers.get(def.section)?.at(-1)?.file ?? main.path} [${def.section}]` : null,
      readOnlyReason: reason,
      owned: own.owned,
      fixed: own.fixed,
      facts: {
        command: info.command,
        group: info.group,
        program: def?.section ?? info.name,
        kind: def?.kind ?? null,
        sourcesKnown: def !== null,
        stdout_syslog: info.stdout_syslog ?? def?.values.stdout_syslog ?? false,
        stderr_syslog: info.stderr_syslog ?? def?.values.stderr_syslog ?? false,
      },
      applyRestarts: true,
    };
    return { policy, info, cfg, def, main };
  }

  /** What supervisord will hold for each changed key once the edited file is loaded, checked before anything is written. */
  async function expectedAfter(r: Read, edit: FileEdit, change: PolicyChange): Promise<Record<string, PolicyValue | null>> {
    const next = await readConfig(r.main.path ?? "", { env: r.main.env, overrides: new Map([[edit.file, edit.after]]) });
    if (!next.ok) throw new RespawnError("INVALID", `the edited file would be refused: ${next.reason}`, { hostId });
    const def = r.def && findDefinition(next.cfg, r.def.group, r.def.name);
    if (!def) throw new RespawnError("INVALID", "after the edit the files would no longer define this process", { hostId });
    const out: Record<string, PolicyValue | null> = {};
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined) continue;
      out[k] = fieldValue(k, def.values);
      if (v !== null && !same(out[k] ?? null, v)) {
        const src = sourcesOf(def)[k];
        throw new RespawnError("CONFLICT", `the edit would not take effect: ${k} would still be ${JSON.stringify(out[k])}${src ? ` (set by ${src})` : ""}`, { hostId });
      }
    }
    return out;
  }

  return {
    async readPolicy(name, signal) {
      return (await read(name, signal)).policy;
    },

    async planPolicy(name, raw, signal) {
      const change = parsePolicyChange("supervisord", raw);
      const r = await read(name, signal);
      refuseFixed(change, r.policy.fixed, hostId);
      const owned: PolicyChange = { ...r.policy.owned };
      for (const [k, v] of Object.entries(change)) if (v !== undefined) owned[k] = v;
      const edit = r.cfg && r.def ? oneEdit(editSection(r.cfg.store, r.def.section, change), hostId) : null;
      const header = r.def ? r.cfg?.store.headers.get(r.def.section)?.at(-1)?.file : undefined;
      return {
        path: edit?.file ?? header ?? `[program:${r.info.name}]`,
        before: edit?.before ?? "",
        after: edit?.after ?? (r.def ? "" : sectionText(r.info.name, owned)),
        owned,
        applyRestarts: true,
        readOnlyReason: r.policy.readOnlyReason,
      };
    },

    async applyPolicy(name, raw, _options, signal) {
      const change = parsePolicyChange("supervisord", raw);
      const r = await read(name, signal, true);
      if (!r.cfg || !r.def || r.policy.readOnlyReason) throw new RespawnError("FORBIDDEN", r.policy.readOnlyReason ?? "read-only", { hostId });
      refuseFixed(change, r.policy.fixed, hostId);
      const edit = oneEdit(editSection(r.cfg.store, r.def.section, change), hostId);
      const path = edit?.file ?? r.cfg.files[0] ?? "";
      if (!edit) return { ok: true, rolledBack: false, message: "nothing to change", path, before: "", after: "", policy: r.policy, ownedBefore: r.policy.owned, ownedAfter: r.policy.owned };
      const expected = await expectedAfter(r, edit, change);
      const result = await applySectionChange({
        ...deps,
        file: edit.file,
        before: edit.before,
        after: edit.after,
        group: r.info.group,
        expected,
        previous: Object.fromEntries(r.policy.settings.map((s) => [s.key, s.value])),
        stopwaitsecs: r.info.stopwaitsecs,
        signal,
        readBack: async () => (await read(name, signal, true)).policy,
      });
      deps.onChanged();
      const ownedAfter = result.policy?.owned ?? r.policy.owned;
      return { ...result, path: edit.file, ownedBefore: r.policy.owned, ownedAfter: result.rolledBack ? r.policy.owned : ownedAfter };
    },
  };
}
