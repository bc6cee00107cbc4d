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
import { DROPIN_NAME, mergeOwned, parseDropIn, renderDropIn } from "./dropin";
import { createLocalUnitFiles, createSshUnitFiles, type UnitFiles } from "./policy-files";
import { writeDropIn, type ApplyStep } from "./policy-write";
import { misplacedSettings, policySettings, policySources, readPolicyProps } from "./policy-read";
import type { Link } from "./session";
import { unitObjectPath } from "./unit-path";

export interface SystemdPolicyDeps {
  hostId: string;
  endpoint: SystemdEndpoint;
  getLink(signal: AbortSignal): Promise<Link>;
  /** The connector's unit-name check (INVALID / NOT_FOUND outside the filter). */
  checkName(name: string): void;
}

/** `<root>/<unit>.d/50-respawn.conf`, checked not to leave the root. */
export function dropInPath(root: string, unit: string): string {
  if (!isValidUnitName(unit)) throw new RespawnError("INVALID", "not a valid unit name");
  const file = path.join(root, `${unit}.d`, DROPIN_NAME);
  if (path.dirname(path.dirname(file)) !== root) throw new RespawnError("FORBIDDEN", "the drop-in path leaves the unit folder");
  return file;
}

/** Restart-policy reads and writes of one systemd manager. */
export function createSystemdPolicy(deps: SystemdPolicyDeps): PolicyConnector {
  const { hostId, endpoint } = deps;
  const timeoutMs = endpoint.timeoutMs;
  const files: UnitFiles = endpoint.bus === "ssh" ? createSshUnitFiles(hostId, endpoint) : createLocalUnitFiles(endpoint);
  // Who Respawn is on the host does not change while it runs: asked once.
  let rootOnce: ReturnType<UnitFiles["root"]> | null = null;
  const root = () => (rootOnce ??= files.root().catch((e: unknown) => {
    rootOnce = null;
    throw e;
  }));

  async function read(name: string, signal: AbortSignal): Promise<{ policy: ProcessPolicy; current: string | null; link: Link }> {
    deps.checkName(name);
    const link = await deps.getLink(signal);
    const props = await readPolicyProps(link, unitObjectPath(name), hostId, { timeoutMs, signal });
    if (props.unit.LoadState === "not-found") throw new RespawnError("NOT_FOUND", `no unit "${name}" on this host`, { hostId });
    const sources = [props.unit.FragmentPath, ...props.unit.DropInPaths].filter((f) => f !== "");
    const texts = await Promise.all(sources.map(async (f) => ({ path: f, text: await files.readSource(f) })));
    const { dir, reason } = await root();
    const target = dir ? dropInPath(dir, name) : null;
    const current = target ? await files.readOwned(target) : null;
    const s = props.service;
    const policy: ProcessPolicy = {
      manager: "systemd",
      name,
      settings: policySettings(props, policySources(texts)),
      files: sources,
      target: target ?? `${name}.d/${DROPIN_NAME}`,
      readOnlyReason: reason,
      owned: parseDropIn(current),
      facts: {
        type: s?.Type ?? null,
        sendSIGKILL: s?.SendSIGKILL ?? null,
        misplaced: misplacedSettings(texts).join("; ") || null,
        activeState: props.unit.ActiveState,
        loadState: props.unit.LoadState,
        result: s?.Result ?? null,
        restarts: s?.NRestarts ?? null,
        gaveUp: props.unit.ActiveState === "failed" && s !== null && s.Restart !== "no" && props.unit.StartLimitBurst > 0 && s.NRestarts >= props.unit.StartLimitBurst,
        sourcesKnown: texts.some((t) => t.text !== null),
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
      const { dir } = await root();
      if (policy.readOnlyReason || !dir) throw new RespawnError("FORBIDDEN", policy.readOnlyReason ?? "read-only", { hostId });
      const owned = mergeOwned(policy.owned, change);
      const step: ApplyStep = {
        link, hostId, timeoutMs, signal, name, files,
        file: dropInPath(dir, name),
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
