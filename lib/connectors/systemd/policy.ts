import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import type { SystemdEndpoint } from "@/lib/config/schema";
import {
  parsePolicyChange,
  type PolicyApplyResult,
  type PolicyConnector,
  type ProcessPolicy,
} from "@/lib/connectors/policy";
import { isValidUnitName } from "@/lib/connectors/journal/unit-name";
import { RespawnError } from "@/lib/util/errors";
import { readFileNoFollow } from "@/lib/util/safe-file";
import { DROPIN_NAME, mergeOwned, parseDropIn, renderDropIn } from "./dropin";
import { writeDropIn, type ApplyStep } from "./policy-write";
import { policySettings, policySources, readPolicyProps } from "./policy-read";
import type { Link } from "./session";
import { userBusAddress } from "./transport";
import { unitObjectPath } from "./unit-path";

export interface SystemdPolicyDeps {
  hostId: string;
  endpoint: SystemdEndpoint;
  getLink(signal: AbortSignal): Promise<Link>;
  /** The connector's unit-name check (INVALID / NOT_FOUND outside the filter). */
  checkName(name: string): void;
}

export const REMOTE_READ_ONLY =
  "editing policies on remote hosts is not available yet; copy the file text below into the unit's drop-in folder on the host";

/** The manager's own unit folder Respawn writes drop-ins into, or why it cannot. */
export function dropInRoot(endpoint: SystemdEndpoint, uid = process.getuid?.() ?? -1): { dir: string | null; reason: string | null } {
  if (endpoint.bus === "ssh") return { dir: null, reason: REMOTE_READ_ONLY };
  if (endpoint.bus === "user") {
    const address = endpoint.busAddress ?? userBusAddress();
    if (address !== `unix:path=/run/user/${uid}/bus` && address !== userBusAddress(process.env, uid)) {
      return { dir: null, reason: "this user bus belongs to another user than the one Respawn runs as; copy the file text below instead" };
    }
    return { dir: path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), ".config"), "systemd", "user"), reason: null };
  }
  if (uid !== 0) return { dir: null, reason: "Respawn does not run as root, so it cannot write /etc/systemd/system; copy the file text below instead" };
  return { dir: "/etc/systemd/system", reason: null };
}

/** `<root>/<unit>.d/50-respawn.conf`, checked not to leave the root. */
export function dropInPath(root: string, unit: string): string {
  if (!isValidUnitName(unit)) throw new RespawnError("INVALID", "not a valid unit name");
  const file = path.join(root, `${unit}.d`, DROPIN_NAME);
  if (path.dirname(path.dirname(file)) !== root) throw new RespawnError("FORBIDDEN", "the drop-in path leaves the unit folder");
  return file;
}

async function readLocal(file: string): Promise<string | null> {
  return readFile(/*turbopackIgnore: true*/ file, "utf8").catch(() => null);
}

/** Restart-policy reads and writes of one systemd manager. */
export function createSystemdPolicy(deps: SystemdPolicyDeps): PolicyConnector {
  const { hostId, endpoint } = deps;
  const timeoutMs = endpoint.timeoutMs;
  const root = dropInRoot(endpoint);

  async function read(name: string, signal: AbortSignal): Promise<{ policy: ProcessPolicy; current: string | null; link: Link }> {
    deps.checkName(name);
    const link = await deps.getLink(signal);
    const props = await readPolicyProps(link, unitObjectPath(name), hostId, { timeoutMs, signal });
    if (props.unit.LoadState === "not-found") throw new RespawnError("NOT_FOUND", `no unit "${name}" on this host`, { hostId });
    const files = [props.unit.FragmentPath, ...props.unit.DropInPaths].filter((f) => f !== "");
    const local = endpoint.bus !== "ssh";
    const texts = await Promise.all(files.map(async (f) => ({ path: f, text: local ? await readLocal(f) : null })));
    const target = root.dir ? dropInPath(root.dir, name) : null;
    const current = target ? await readFileNoFollow(target) : null;
    const s = props.service;
    const policy: ProcessPolicy = {
      manager: "systemd",
      name,
      settings: policySettings(props, policySources(texts)),
      files,
      target: target ?? `${name}.d/${DROPIN_NAME}`,
      readOnlyReason: root.reason,
      owned: parseDropIn(current),
      facts: {
        type: s?.Type ?? null,
        activeState: props.unit.ActiveState,
        loadState: props.unit.LoadState,
        result: s?.Result ?? null,
        restarts: s?.NRestarts ?? null,
        gaveUp: props.unit.ActiveState === "failed" && s !== null && s.Restart !== "no" && props.unit.StartLimitBurst > 0 && s.NRestarts >= props.unit.StartLimitBurst,
        sourcesKnown: local,
      },
      applyRestarts: false,
    };
    return { policy, current, link };
  }

  return {
    async readPolicy(name, signal) {
      return (await read(name, signal)).policy;
    },

    async planPolicy(name, raw, signal) {
      const change = parsePolicyChange("systemd", raw);
      const { policy, current } = await read(name, signal);
      const owned = mergeOwned(policy.owned, change);
      return {
        path: policy.target ?? "",
        before: current ?? "",
        after: renderDropIn(owned) ?? "",
        owned,
        applyRestarts: false,
        readOnlyReason: policy.readOnlyReason,
      };
    },

    async applyPolicy(name, raw, options, signal): Promise<PolicyApplyResult> {
      const change = parsePolicyChange("systemd", raw);
      const { policy, current, link } = await read(name, signal);
      if (policy.readOnlyReason || !root.dir) throw new RespawnError("FORBIDDEN", policy.readOnlyReason ?? "read-only", { hostId });
      const owned = mergeOwned(policy.owned, change);
      const step: ApplyStep = {
        link, hostId, timeoutMs, signal, name,
        file: dropInPath(root.dir, name),
        before: current,
        after: renderDropIn(owned),
        readBack: async () => (await read(name, signal)).policy,
      };
      const outcome = await writeDropIn(step, options);
      return {
        ...outcome,
        path: step.file,
        before: current ?? "",
        after: step.after ?? "",
        ownedBefore: policy.owned,
        ownedAfter: outcome.rolledBack ? policy.owned : owned,
      };
    },
  };
}
