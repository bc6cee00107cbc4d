import { z } from "zod";
import { SYSTEMD_FIELDS, type PolicySetting, type PolicyValue } from "@/lib/connectors/policy";
import type { CallOptions } from "./dbus-client";
import { assigns, misplaced, parseUnitFile, type Assignment } from "./dropin";
import { validSectionFor, validValue } from "./unit-syntax";
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
 * and the last assignment systemd takes wins (a key in a section systemd ignores it in, or a
 * value it refuses, sets nothing). An empty assignment resets KillMode= to its default; for the
 * other policy keys systemd 252 refuses an empty value and keeps the earlier one.
 */
export function policySources(files: Array<{ path: string; text: string | null }>): Record<string, string | null> {
  const sources: Record<string, string | null> = {};
  for (const f of SYSTEMD_FIELDS) sources[f.key] = null;
  for (const file of files) {
    if (file.text === null) continue;
    const parsed: Assignment[] = parseUnitFile(file.text);
    for (const f of SYSTEMD_FIELDS) {
      for (const a of parsed.filter((x) => assigns(x, f.key))) {
        if (a.value === "" && f.key === "KillMode") sources[f.key] = null;
        else if (a.value !== "" && validValue(f.key, a.value)) sources[f.key] = `${file.path}:${a.line}`;
      }
    }
  }
  return sources;
}

/** Policy settings written in a section systemd ignores them in, each with where it belongs. */
export function misplacedSettings(files: Array<{ path: string; text: string | null }>): string[] {
  const out: string[] = [];
  for (const file of files) {
    for (const a of file.text === null ? [] : parseUnitFile(file.text)) {
      const f = SYSTEMD_FIELDS.find((x) => misplaced(a, x.key));
      if (f) out.push(`${a.key}= in [${a.section}] at ${file.path}:${a.line} belongs in [${validSectionFor(f.key, a.key, f.section ?? "Service")}]`);
    }
  }
  return out;
}

/** systemd 252's built-in values: a different value with no line setting it comes from somewhere Respawn cannot see. */
export const SYSTEMD_BUILT_IN: Readonly<Record<string, PolicyValue>> = {
  Restart: "no",
  RestartSec: 0.1,
  StartLimitIntervalSec: 10,
  StartLimitBurst: 5,
  StartLimitAction: "none",
  KillMode: "control-group",
  TimeoutStopSec: 90,
  StandardOutput: "journal",
  StandardError: "inherit",
};
export const SOURCE_UNKNOWN = "not set in the unit's files: a default of the manager (system.conf/user.conf) or a file Respawn cannot read";

/** The settings list shown to users: value in force and where it comes from. */
export function policySettings(p: PolicyProps, sources: Record<string, string | null>): PolicySetting[] {
  const values = policyValues(p);
  return SYSTEMD_FIELDS.filter((f) => !f.optional || values[f.key] !== null).map((f) => {
    const value = values[f.key] ?? null;
    const builtIn = SYSTEMD_BUILT_IN[f.key];
    const unexplained = !sources[f.key] && builtIn !== undefined && value !== null && value !== builtIn;
    return { key: f.key, value, source: unexplained ? SOURCE_UNKNOWN : (sources[f.key] ?? null) };
  });
}
