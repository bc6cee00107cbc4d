/**
 * The Connector: the one small interface that every process-manager backend implements
 * (supervisord over XML-RPC, systemd over D-Bus, and an in-memory fake for tests).
 * Words used here are Respawn's: a *process* is a supervisord program or a systemd unit.
 */
import type { PolicyConnector } from "./policy";

export type Manager = "supervisord" | "systemd";

/** The shared state model shown to users (see docs/STATES.md). */
export const PROCESS_STATES = [
  "running",
  "starting",
  "stopping",
  "stopped",
  "crashed",
  "gave-up",
  "unknown",
] as const;
export type ProcessState = (typeof PROCESS_STATES)[number];

export type LogStream = "stdout" | "stderr" | "journal";

export interface ProcessInfo {
  /** Opaque, URL-safe id: see lib/util/ids.ts. */
  id: string;
  hostId: string;
  manager: Manager;
  /** The backend's own name: `group:name` for supervisord, `foo.service` for systemd. */
  name: string;
  /** The group (supervisord group; null for systemd units and single-program groups). */
  group: string | null;
  state: ProcessState;
  /** The backend's own state words, e.g. "BACKOFF" or "failed (exit-code)". */
  rawState: string;
  description: string;
  pid: number | null;
  /** Epoch ms since when the process has been in this state (start time while running). */
  since: number | null;
  /** Exit status of the last run, when known. */
  exitStatus: number | null;
  /** Signal that ended the last run (e.g. "SIGKILL"), when known. */
  exitSignal: string | null;
  /** Why the manager could not spawn it (supervisord spawnerr), or systemd's Result when not success. */
  spawnError: string | null;
  /** Current retry streak: supervisord BACKOFF try, systemd NRestarts. */
  restarts: number | null;
  /** Log streams this process can be read from. */
  logs: LogStream[];
  /** Backend-specific facts worth showing, already plain values (no BigInt). */
  details: Record<string, string | number | boolean | null>;
}

/** What a process uses now, as its manager (or the kernel) accounts it. */
export interface ProcessUsage {
  /** CPU time used so far, cumulative (ns); null when it is not accounted. */
  cpuNs: number | null;
  /** Memory in use (bytes): the cgroup's for systemd, the resident set of the process tree for supervisord. */
  memoryBytes: number | null;
  /** Tasks (threads) of the process and its children. */
  tasks: number | null;
  /** systemd's cgroup accounting, or /proc of the process and its children on the dashboard's host. */
  source: "cgroup" | "proc";
  /** Epoch ms of the reading. */
  at: number;
}

/** enable / disable: a systemd unit file's [Install] links (`systemctl enable|disable`); supervisord refuses them. */
export type ControlAction = "start" | "stop" | "restart" | "reset-and-start" | "enable" | "disable";
export const CONTROL_ACTIONS: readonly ControlAction[] = ["start", "stop", "restart", "reset-and-start", "enable", "disable"];

/**
 * The three words every action ends with (API, pages, bulk results, audit):
 * `done` — read back from the manager and settled; `failed` — the manager refused it or the
 * process did not stay up (the message says why); `unknown` — the request may have reached the
 * host but no answer came, so the host may have run it (the state is re-read, nothing retried).
 */
export const CONTROL_OUTCOMES = ["done", "failed", "unknown"] as const;
export type ControlOutcome = (typeof CONTROL_OUTCOMES)[number];

/** The real outcome of a control action, read back from the manager after it ran. */
export interface ControlResult {
  outcome: ControlOutcome;
  /** Same as `outcome === "done"`. */
  ok: boolean;
  action: ControlAction;
  name: string;
  /** What the manager says now (null when it could not be read back). */
  process: ProcessInfo | null;
  /** One line for the user: "running (pid 123)", "spawn error: …", "job failed: start-limit-hit". */
  message: string;
}

export interface LogLine {
  text: string;
  /** Epoch ms, when the backend gives one (the journal does, supervisord logs do not). */
  ts: number | null;
  /** syslog priority 0 (emerg) … 7 (debug), when known. */
  priority: number | null;
  /** stdout / stderr / journal. */
  stream: LogStream;
}

export interface LogChunk {
  lines: LogLine[];
  /** Opaque position to read on from: a byte offset for supervisord, a journal cursor. */
  cursor: string;
  /** True when the log was rotated or truncated since the cursor that was given. */
  rotated: boolean;
  /** True when older data exists before the first line returned (tail was bounded). */
  truncated: boolean;
}

export interface ReadLogOptions {
  /** Read on from this cursor; null/undefined means "tail": the last maxBytes / lines. */
  cursor?: string | null;
  /** Upper bound on bytes read in one call (supervisord). */
  maxBytes?: number;
  /** Upper bound on lines returned. */
  maxLines?: number;
}

export type ConnectorEvent =
  /** A process changed (or appeared): the connector already knows its full new state. */
  | { type: "process"; process: ProcessInfo }
  /** A process disappeared from the manager. */
  | { type: "removed"; name: string }
  /** Something changed that the connector cannot describe cheaply: re-list. */
  | { type: "resync" }
  /** The live channel dropped; the connector reconnects by itself and sends "resync" once back. */
  | { type: "disconnected"; reason: string };

export interface HostHealth {
  /** The manager's own version string, e.g. "4.2.5" or "252.39-1~deb12u2" (shown after the manager's name). */
  version: string;
  /** The manager's own state, e.g. supervisord "RUNNING". */
  state: string;
}

/** One process group whose configuration differs between the files and what the manager runs. */
export interface ConfigGroupChange {
  group: string;
  /** Its programs: as the files now define them (added, changed), as they run (removed). */
  programs: string[];
}

/** What loading the configuration files would change: supervisord's reread, [[added, changed, removed]]. */
export interface ConfigChanges {
  added: ConfigGroupChange[];
  changed: ConfigGroupChange[];
  removed: ConfigGroupChange[];
}

/** What happened to one group when the changes were loaded. */
export interface ConfigGroupOutcome {
  group: string;
  change: "added" | "changed" | "removed";
  ok: boolean;
  message: string;
}

/** The outcome of loading the configuration files, read back: done only when nothing remains to load. */
export interface ConfigUpdateResult {
  /** done: every group worked and a reread finds nothing left; failed otherwise (the words of ControlOutcome). */
  outcome: "done" | "failed";
  /** Same as `outcome === "done"`. */
  ok: boolean;
  groups: ConfigGroupOutcome[];
  /** What a reread still finds after the update (empty lists when everything was loaded). */
  remaining: ConfigChanges;
  message: string;
}

/** A manager whose configuration files are re-read and loaded on demand (supervisord's reread/update). */
export interface ConfigReloader {
  /** Re-reads the files and says what differs from what runs; nothing running changes. */
  readConfigChanges(signal: AbortSignal): Promise<ConfigChanges>;
  /**
   * Loads the changes as the manager's own update does. `expected` (group names) must still be
   * what a reread finds, or CONFLICT and nothing is done: what the admin saw is what is applied.
   */
  applyConfigChanges(expected: ConfigChangeNames, signal: AbortSignal): Promise<ConfigUpdateResult>;
}

/** Group names only, as a client sends back what it was shown. */
export interface ConfigChangeNames {
  added: string[];
  changed: string[];
  removed: string[];
}

/** Restart-policy reads and writes (lib/connectors/policy.ts) are part of every Connector. */
export interface Connector extends PolicyConnector {
  readonly manager: Manager;
  readonly hostId: string;
  /** True when the connector pushes changes (D-Bus signals); the monitor then only reconciles. */
  readonly pushesEvents: boolean;

  /** Reads every process the manager runs (after the configured filter). */
  listProcesses(signal: AbortSignal): Promise<ProcessInfo[]>;
  /** Reads one process; NOT_FOUND when the manager does not know it. */
  getProcess(name: string, signal: AbortSignal): Promise<ProcessInfo>;
  /** Subscribes to live changes; returns the unsubscribe function. No-op for polled backends. */
  subscribe(listener: (event: ConnectorEvent) => void): () => void;
  /** Runs one action and reads back the real outcome. Never retried by callers. */
  control(name: string, action: ControlAction, signal: AbortSignal): Promise<ControlResult>;
  /** Reads log lines: the tail when no cursor is given, otherwise what follows the cursor. */
  readLog(name: string, stream: LogStream, options: ReadLogOptions, signal: AbortSignal): Promise<LogChunk>;
  /** Follows a log from a cursor until the signal aborts; yields chunks as lines arrive. */
  followLog(name: string, stream: LogStream, cursor: string, signal: AbortSignal): AsyncIterable<LogChunk>;
  /** CPU and memory now; absent where it cannot be read (a remote supervisord, the fake). */
  readUsage?(name: string, signal: AbortSignal): Promise<ProcessUsage | null>;
  /** A cheap call that proves the manager answers. */
  health(signal: AbortSignal): Promise<HostHealth>;
  /** Releases sockets, buses and child processes. */
  close(): Promise<void>;
  /** Present when the manager re-reads and loads its configuration files on demand. */
  readonly configReload?: ConfigReloader;
}
