import { z } from "zod";
import { SYSTEMD_FIELDS, type PolicySetting, type PolicyValue } from "@/lib/connectors/policy";
import type { CallOptions } from "./dbus-client";
import { assigns, parseUnitFile, type Assignment } from "./dropin";
import type { Link } from "./session";
import { parseWire, unwrapVariants } from "./wire";

const SYSTEMD = "org.freedesktop.systemd1";
const U64_MAX = 2n ** 64n - 1n;
const U64 = z.bigint();

/** Unit properties of the policy (the start limit lives on the unit, not the service). */
export const PolicyUnitProperties = z.object({
  Id: z.string(),
  LoadState: z.string(),
  ActiveState: z.string(),
  FragmentPath: z.string(),
  DropInPaths: z.array(z.string()),
  StartLimitBurst: z.number(),
  StartLimitIntervalUSec: U64,
  StartLimitAction: z.string(),
});

/** Service properties of the policy; RestartSteps / RestartMaxDelayUSec exist from systemd 254. */
export const PolicyServiceProperties = z.object({
  Type: z.string(),
  Result: z.string(),
  NRestarts: z.number(),
  Restart: z.string(),
  RestartUSec: U64,
  KillMode: z.string(),
  TimeoutStopUSec: U64,
  StandardOutput: z.string(),
  StandardError: z.string(),
  RestartSteps: z.number().optional(),
  RestartMaxDelayUSec: U64.optional(),
  SendSIGKILL: z.boolean().optional(),
});

export type PolicyProps = {
  unit: z.infer<typeof PolicyUnitProperties>;
  service: z.infer<typeof PolicyServiceProperties> | null;
};

async function getAll(link: Link, path: string, iface: string, o: CallOptions): Promise<Record<string, unknown>> {
  const reply = await link.bus.call(
    { destination: SYSTEMD, path, interface: "org.freedesktop.DBus.Properties", member: "GetAll", signature: "s", body: [iface] },
    o,
  );
  return unwrapVariants(reply.body[0]);
}

/** Reads the unit and service properties a restart policy is made of. */
export async function readPolicyProps(link: Link, path: string, hostId: string, o: CallOptions): Promise<PolicyProps> {
  const [unitRaw, serviceRaw] = await Promise.all([
    getAll(link, path, `${SYSTEMD}.Unit`, o),
    getAll(link, path, `${SYSTEMD}.Service`, o),
  ]);
  const unit = parseWire(PolicyUnitProperties, unitRaw, "unit policy properties", hostId);
  const service =
    Object.keys(serviceRaw).length > 0 ? parseWire(PolicyServiceProperties, serviceRaw, "service policy properties", hostId) : null;
  return { unit, service };
}

/** µs → seconds; "infinity" stays a word. */
function seconds(v: bigint): PolicyValue {
  return v === U64_MAX ? "infinity" : Number(v) / 1_000_000;
}

/** The values in force, by policy key (pure). */
export function policyValues(p: PolicyProps): Record<string, PolicyValue | null> {
  const s = p.service;
  return {
    Restart: s?.Restart ?? null,
    RestartSec: s ? seconds(s.RestartUSec) : null,
    StartLimitIntervalSec: seconds(p.unit.StartLimitIntervalUSec),
    StartLimitBurst: p.unit.StartLimitBurst,
    StartLimitAction: p.unit.StartLimitAction,
    KillMode: s?.KillMode ?? null,
    TimeoutStopSec: s ? seconds(s.TimeoutStopUSec) : null,
    StandardOutput: s?.StandardOutput ?? null,
    StandardError: s?.StandardError ?? null,
    RestartSteps: s?.RestartSteps ?? null,
    RestartMaxDelaySec: s?.RestartMaxDelayUSec !== undefined ? seconds(s.RestartMaxDelayUSec) : null,
  };
}

/**
 * Which file sets each value: the files are read in systemd's order (unit file, then drop-ins)
 * and the last assignment wins; an empty assignment resets to the default.
 */
export function policySources(files: Array<{ path: string; text: string | null }>): Record<string, string | null> {
  const sources: Record<string, string | null> = {};
  for (const f of SYSTEMD_FIELDS) sources[f.key] = null;
  for (const file of files) {
    if (file.text === null) continue;
    const parsed: Assignment[] = parseUnitFile(file.text);
    for (const f of SYSTEMD_FIELDS) {
      for (const a of parsed.filter((x) => assigns(x, f.key))) sources[f.key] = a.value === "" ? null : `${file.path}:${a.line}`;
    }
  }
  return sources;
}

/** The settings list shown to users: value in force and where it comes from. */
export function policySettings(p: PolicyProps, sources: Record<string, string | null>): PolicySetting[] {
  const values = policyValues(p);
  return SYSTEMD_FIELDS.filter((f) => !f.optional || values[f.key] !== null).map((f) => ({
    key: f.key,
    value: values[f.key] ?? null,
    source: sources[f.key] ?? null,
  }));
}
