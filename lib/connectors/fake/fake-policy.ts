import { SYSTEMD_BUILT_IN } from "@/lib/connectors/systemd/policy-read";
import {
  POLICY_FIELDS,
  parsePolicyChange,
  type PolicyChange,
  type PolicyConnector,
  type PolicyValue,
  type ProcessPolicy,
} from "@/lib/connectors/policy";
import type { Manager } from "@/lib/connectors/types";

/** Each manager's defaults, as the fake reports them when nothing is set. */
const DEFAULTS: Record<Manager, Record<string, PolicyValue>> = {
  systemd: SYSTEMD_BUILT_IN,
  supervisord: {
    autostart: true,
    autorestart: "unexpected",
    startsecs: 1,
    startretries: 3,
    exitcodes: [0],
    stopsignal: "TERM",
    stopwaitsecs: 10,
    stopasgroup: false,
    killasgroup: false,
    redirect_stderr: false,
    stdout_logfile: "AUTO",
    stderr_logfile: "AUTO",
    stdout_logfile_maxbytes: 52_428_800,
    stderr_logfile_maxbytes: 52_428_800,
    stdout_logfile_backups: 10,
    stderr_logfile_backups: 10,
  },
};

const render = (owned: PolicyChange): string =>
  Object.entries(owned)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : String(v)}\n`)
    .join("");

/** An in-memory restart policy per process: enough for UI and monitor tests. */
export function createFakePolicy(manager: Manager, exists: (name: string) => void): PolicyConnector {
  const owned = new Map<string, PolicyChange>();
  const ownedOf = (name: string): PolicyChange =>
    owned.get(name) ?? Object.fromEntries(POLICY_FIELDS[manager].map((f) => [f.key, null]));
  const read = (name: string): ProcessPolicy => {
    exists(name);
    const mine = ownedOf(name);
    return {
      manager,
      name,
      settings: POLICY_FIELDS[manager]
        .filter((f) => !f.optional)
        .map((f) => ({ key: f.key, value: mine[f.key] ?? DEFAULTS[manager][f.key] ?? null, source: mine[f.key] != null ? `fake:${name}` : null })),
      files: [`fake:${name}`],
      target: `fake:${name}`,
      readOnlyReason: null,
      owned: mine,
      facts: {},
      applyRestarts: manager === "supervisord",
    };
  };
  const plan = (name: string, raw: PolicyChange) => {
    const change = parsePolicyChange(manager, raw);
    const before = ownedOf(name);
    const after: PolicyChange = { ...before };
    for (const [k, v] of Object.entries(change)) if (v !== undefined) after[k] = v;
    return { before, after };
  };
  return {
    async readPolicy(name) {
      return read(name);
    },
    async planPolicy(name, raw) {
      const policy = read(name);
      const { before, after } = plan(name, raw);
      return { path: `fake:${name}`, before: render(before), after: render(after), owned: after, applyRestarts: policy.applyRestarts, readOnlyReason: null };
    },
    async applyPolicy(name, raw) {
      read(name);
      const { before, after } = plan(name, raw);
      owned.set(name, after);
      return { ok: true, message: "applied", path: `fake:${name}`, before: render(before), after: render(after), ownedBefore: before, ownedAfter: after, rolledBack: false, policy: read(name) };
    },
  };
}
