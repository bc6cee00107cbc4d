import { constants } from "node:os";
import type { ProcessInfo, ProcessState, ProcessUsage } from "@/lib/connectors/types";
import { encodeProcessId } from "@/lib/util/ids";
import type { ServiceProperties, UnitProperties, UsageProperties } from "./wire";

const U64_MAX = 2n ** 64n - 1n;
/** siginfo si_code values systemd reports in ExecMainCode. */
const CLD_EXITED = 1;
const CLD_KILLED = 2;
const CLD_DUMPED = 3;

/** Microseconds (uint64, BigInt) → epoch ms; 0 and "infinity" mean "never" → null. */
export function usecToMs(v: bigint): number | null {
  if (v === 0n || v === U64_MAX) return null;
  return Number(v / 1000n);
}

/** A duration in µs → ms, with "infinity" kept as a word. */
function durationMs(v: bigint): number | string {
  return v === U64_MAX ? "infinity" : Number(v / 1000n);
}

/**
 * Start-limit exhaustion. systemd 252 reports Result=exit-code (not start-limit-hit) after the
 * last automatic restart, so a failed unit whose restarts reached the burst also counts.
 */
export function isGaveUp(unit: UnitProperties, service: ServiceProperties | null): boolean {
  if (!service) return false;
  if (service.Result === "start-limit-hit") return true;
  return (
    unit.ActiveState === "failed" &&
    service.Restart !== "no" &&
    unit.StartLimitBurst > 0 &&
    service.NRestarts >= unit.StartLimitBurst
  );
}

/** The shared state model (ARCHITECTURE.md) for one unit. */
export function mapUnitState(unit: UnitProperties, service: ServiceProperties | null): ProcessState {
  if (unit.SubState === "auto-restart") return "starting";
  switch (unit.ActiveState) {
    case "active":
    case "reloading":
    case "refreshing":
      return "running";
    case "activating":
      return "starting";
    case "deactivating":
      return "stopping";
    case "inactive":
    case "maintenance":
      return "stopped";
    case "failed":
      return isGaveUp(unit, service) ? "gave-up" : "crashed";
    default:
      return "unknown";
  }
}

function signalName(n: number): string {
  const entry = Object.entries(constants.signals).find(([, v]) => v === n);
  return entry ? entry[0] : `signal ${n}`;
}

function rawStateOf(unit: UnitProperties, service: ServiceProperties | null): string {
  const base = unit.ActiveState === unit.SubState ? unit.ActiveState : `${unit.ActiveState}/${unit.SubState}`;
  return service && service.Result !== "success" ? `${base} (${service.Result})` : base;
}

function sinceOf(unit: UnitProperties): number | null {
  if (unit.ActiveState === "active") return usecToMs(unit.ActiveEnterTimestamp) ?? usecToMs(unit.StateChangeTimestamp);
  return usecToMs(unit.StateChangeTimestamp) ?? usecToMs(unit.InactiveEnterTimestamp);
}

function detailsOf(unit: UnitProperties, service: ServiceProperties | null): ProcessInfo["details"] {
  return {
    activeState: unit.ActiveState,
    subState: unit.SubState,
    loadState: unit.LoadState,
    result: service?.Result ?? null,
    execMainPid: service?.ExecMainPID ? service.ExecMainPID : null,
    restart: service?.Restart ?? null,
    restartMs: service ? durationMs(service.RestartUSec) : null,
    startLimitBurst: unit.StartLimitBurst,
    startLimitIntervalMs: durationMs(unit.StartLimitIntervalUSec),
    unitFile: unit.FragmentPath || null,
    unitFileState: unit.UnitFileState || null,
    dropIns: unit.DropInPaths.length > 0 ? unit.DropInPaths.join("\n") : null,
  };
}

/** Wire properties of one unit → ProcessInfo. Pure; every BigInt is converted here. */
export function mapUnit(hostId: string, unit: UnitProperties, service: ServiceProperties | null): ProcessInfo {
  const code = service?.ExecMainCode ?? 0;
  const killed = code === CLD_KILLED || code === CLD_DUMPED;
  return {
    id: encodeProcessId({ hostId, manager: "systemd", name: unit.Id }),
    hostId,
    manager: "systemd",
    name: unit.Id,
    group: null,
    state: mapUnitState(unit, service),
    rawState: rawStateOf(unit, service),
    description: unit.Description,
    pid: service && service.MainPID > 0 ? service.MainPID : null,
    since: sinceOf(unit),
    exitStatus: service && code === CLD_EXITED ? service.ExecMainStatus : null,
    exitSignal: service && killed ? signalName(service.ExecMainStatus) : null,
    spawnError: service && service.Result !== "success" ? service.Result : null,
    restarts: service ? service.NRestarts : null,
    logs: ["journal"],
    details: detailsOf(unit, service),
  };
}

const accounted = (v: bigint | undefined): number | null => (v === undefined || v === U64_MAX ? null : Number(v));

/** systemd's cgroup accounting → ProcessUsage; "not accounted" (2^64-1) becomes null. Pure. */
export function mapUsage(props: UsageProperties, at: number): ProcessUsage {
  return {
    cpuNs: accounted(props.CPUUsageNSec),
    memoryBytes: accounted(props.MemoryCurrent),
    tasks: accounted(props.TasksCurrent),
    source: "cgroup",
    at,
  };
}

/**
 * An installed unit file that systemd has not loaded (nothing started or needs it): stopped, as
 * `systemctl list-unit-files` shows it. Built from the file row alone, since reading the unit's
 * properties would load it (see README).
 */
export function mapUnitFile(hostId: string, name: string, path: string, fileState: string): ProcessInfo {
  return {
    id: encodeProcessId({ hostId, manager: "systemd", name }),
    hostId,
    manager: "systemd",
    name,
    group: null,
    state: "stopped",
    rawState: "inactive/dead (not loaded)",
    description: "",
    pid: null,
    since: null,
    exitStatus: null,
    exitSignal: null,
    spawnError: null,
    restarts: null,
    logs: ["journal"],
    details: { activeState: "inactive", subState: "dead", loadState: "not-loaded", unitFile: path, unitFileState: fileState },
  };
}
