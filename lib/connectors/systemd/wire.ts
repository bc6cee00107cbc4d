import { z } from "zod";
import { RespawnError } from "@/lib/util/errors";

/**
 * zod schemas of what systemd sends over D-Bus, after variants are unwrapped.
 * `t` (uint64) values arrive as BigInt; they are kept as BigInt here and converted in the mapper.
 */

const U64 = z.bigint();

/** One row of ListUnits / ListUnitsByPatterns: a(ssssssouso). */
export const UnitRow = z.tuple([
  z.string(), // name
  z.string(), // description
  z.string(), // load state
  z.string(), // active state
  z.string(), // sub state
  z.string(), // following
  z.string(), // object path
  z.number(), // job id
  z.string(), // job type
  z.string(), // job path
]);
export type UnitRow = z.infer<typeof UnitRow>;
export const UnitRows = z.array(UnitRow);

/** One row of ListUnitFiles / ListUnitFilesByPatterns: a(ss) — file path, enablement state. */
export const UnitFileRows = z.array(z.tuple([z.string(), z.string()]));
export type UnitFileRow = z.infer<typeof UnitFileRows>[number];

/** EnableUnitFiles answers (b carries_install_info, a(sss) changes); DisableUnitFiles only the changes. */
export const UnitFileChanges = z.array(z.tuple([z.string(), z.string(), z.string()]));
export type UnitFileChanges = z.infer<typeof UnitFileChanges>;

/** org.freedesktop.systemd1.Unit properties we read. */
export const UnitProperties = z.object({
  Id: z.string(),
  Description: z.string(),
  LoadState: z.string(),
  ActiveState: z.string(),
  SubState: z.string(),
  FragmentPath: z.string(),
  DropInPaths: z.array(z.string()),
  /** enabled, disabled, static, masked… ("" in recordings made before it was read). */
  UnitFileState: z.string().default(""),
  ActiveEnterTimestamp: U64,
  InactiveEnterTimestamp: U64,
  StateChangeTimestamp: U64,
  StartLimitBurst: z.number(),
  StartLimitIntervalUSec: U64,
});
export type UnitProperties = z.infer<typeof UnitProperties>;

/** org.freedesktop.systemd1.Service properties we read (absent for other unit types). */
export const ServiceProperties = z.object({
  Result: z.string(),
  NRestarts: z.number(),
  MainPID: z.number(),
  /** The pid of the last main process, kept after it exited (MainPID is 0 by then). */
  ExecMainPID: z.number().optional(),
  ExecMainStatus: z.number(),
  ExecMainCode: z.number(),
  Restart: z.string(),
  RestartUSec: U64,
});
export type ServiceProperties = z.infer<typeof ServiceProperties>;

/** The cgroup accounting properties of a service (t values; 2^64-1 means "not accounted"). */
export const UsageProperties = z.object({
  MemoryCurrent: U64.optional(),
  CPUUsageNSec: U64.optional(),
  TasksCurrent: U64.optional(),
});
export type UsageProperties = z.infer<typeof UsageProperties>;

/** JobRemoved(u id, o job, s unit, s result). */
export const JobRemovedBody = z.tuple([z.number(), z.string(), z.string(), z.string()]);
/** UnitNew / UnitRemoved (s id, o unit). */
export const UnitSignalBody = z.tuple([z.string(), z.string()]);
/** PropertiesChanged (s interface, a{sv} changed, as invalidated). */
export const PropertiesChangedBody = z.tuple([z.string(), z.record(z.string(), z.unknown()), z.array(z.string())]);
/** NameOwnerChanged (s name, s old, s new). */
export const NameOwnerChangedBody = z.tuple([z.string(), z.string(), z.string()]);

/** Turns an a{sv} map of dbus-next Variants into plain values. */
export function unwrapVariants(map: unknown): Record<string, unknown> {
  if (!map || typeof map !== "object") return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map as Record<string, unknown>)) {
    out[k] = v && typeof v === "object" && "signature" in v && "value" in v ? (v as { value: unknown }).value : v;
  }
  return out;
}

/** Parses a reply body with its schema; a mismatch is BAD_RESPONSE naming what was read. */
export function parseWire<T>(schema: z.ZodType<T>, value: unknown, what: string, hostId: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue ? `${issue.path.join(".")}: ${issue.message}` : "unexpected shape";
  throw new RespawnError("BAD_RESPONSE", `systemd sent an unexpected ${what} (${where})`, { hostId });
}
