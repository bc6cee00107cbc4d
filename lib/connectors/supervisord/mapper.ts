import type { LogStream, ProcessInfo, ProcessState } from "@/lib/connectors/types";
import { encodeProcessId } from "@/lib/util/ids";
import type { WireConfigInfo, WireProcessInfo } from "./wire";

/** What Respawn needs from a program's configuration. */
export interface ProgramConfig {
  exitcodes: number[];
  startsecs: number;
  startretries: number;
  stopwaitsecs: number;
  redirectStderr: boolean;
  autostart: boolean;
  /** The program is Respawn's own event listener (bin/respawn-eventlistener), not a user's service. */
  respawnListener: boolean;
}

/** The name supervisord's API wants: `group:name`, or just `name` when the group is the program. */
export function qualifiedName(group: string, name: string): string {
  return group === name ? name : `${group}:${name}`;
}

export function mapConfig(wire: WireConfigInfo): ProgramConfig {
  return {
    exitcodes: wire.exitcodes,
    startsecs: wire.startsecs,
    startretries: wire.startretries ?? 3,
    stopwaitsecs: wire.stopwaitsecs,
    redirectStderr: wire.redirect_stderr,
    autostart: wire.autostart,
    respawnListener: /(^|[/\s"])respawn-eventlistener(["\s]|$)/.test(wire.command ?? ""),
  };
}

/** Config by qualified name. */
export function mapConfigs(wire: WireConfigInfo[]): Map<string, ProgramConfig> {
  return new Map(wire.map((c) => [qualifiedName(c.group, c.name), mapConfig(c)]));
}

/** supervisord state → the shared state model (ARCHITECTURE.md). */
export function mapState(wire: WireProcessInfo, config: ProgramConfig | undefined): ProcessState {
  return stateOfStatename(wire.statename, (config?.exitcodes ?? [0]).includes(wire.exitstatus));
}

/** A supervisord state name in the shared state model; EXITED is "stopped" only when expected. */
export function stateOfStatename(statename: string, exitExpected: boolean): ProcessState {
  switch (statename) {
    case "RUNNING":
      return "running";
    case "STARTING":
    case "BACKOFF":
      return "starting";
    case "STOPPING":
      return "stopping";
    case "STOPPED":
      return "stopped";
    case "EXITED":
      return exitExpected ? "stopped" : "crashed";
    case "FATAL":
      return "gave-up";
    default:
      return "unknown";
  }
}

const secondsToMs = (s: number): number | null => (s > 0 ? s * 1000 : null);

function since(wire: WireProcessInfo): number | null {
  const upStates = ["RUNNING", "STARTING", "STOPPING"];
  return upStates.includes(wire.statename)
    ? secondsToMs(wire.start)
    : (secondsToMs(wire.stop) ?? secondsToMs(wire.start));
}

/**
 * supervisord reports -1 for a run ended by a signal, 0 for a start that failed too quickly, and
 * resets the status at each spawn (a running process reads "exit 0" whatever ended its last run):
 * only EXITED and STOPPED carry a real status. The main log fills in the rest (exit-tracker.ts).
 */
function exitFacts(wire: WireProcessInfo): {
  exitStatus: number | null;
  exitSignal: string | null;
} {
  const ran =
    wire.stop > 0 &&
    ["EXITED", "STOPPED"].includes(wire.statename);
  if (!ran) return { exitStatus: null, exitSignal: null };
  if (wire.exitstatus < 0) return { exitStatus: null, exitSignal: "signal" };
  return { exitStatus: wire.exitstatus, exitSignal: null };
}

const LISTENER_DESCRIPTION = "Respawn's event listener: forwards this host's state changes to the dashboard";

/** One supervisord process → ProcessInfo. Pure. */
export function mapProcessInfo(
  wire: WireProcessInfo,
  config: ProgramConfig | undefined,
  hostId: string,
): ProcessInfo {
  const name = qualifiedName(wire.group, wire.name);
  const logs: LogStream[] = config?.redirectStderr ? ["stdout"] : ["stdout", "stderr"];
  return {
    id: encodeProcessId({ hostId, manager: "supervisord", name }),
    hostId,
    manager: "supervisord",
    name,
    group: wire.group === wire.name ? null : wire.group,
    state: mapState(wire, config),
    rawState: wire.statename,
    // supervisord's "description" is derived from the state ("pid 12, uptime 0:00:09", a stop time,
    // the spawn error), all shown elsewhere; its uptime changes every second and would make every
    // poll look like a change of every running process.
    description: config?.respawnListener ? LISTENER_DESCRIPTION : "",
    pid: wire.pid > 0 ? wire.pid : null,
    since: since(wire),
    ...exitFacts(wire),
    spawnError: wire.spawnerr || null,
    restarts: null,
    logs,
    details: {
      group: wire.group,
      program: wire.name,
      statecode: wire.state,
      exitcodes: config ? config.exitcodes.join(",") : null,
      startsecs: config?.startsecs ?? null,
      startretries: config?.startretries ?? null,
      autostart: config?.autostart ?? null,
      ...(config?.respawnListener ? { respawnListener: true } : {}),
    },
  };
}
