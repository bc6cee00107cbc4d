import type {
  Connector,
  ControlAction,
  ControlResult,
  LogChunk,
  ProcessUsage,
  LogStream,
  Manager,
  ProcessInfo,
  ReadLogOptions,
} from "@/lib/connectors/types";
import type { HostConfig, RespawnConfig } from "@/lib/config/schema";
import { RespawnError, toRespawnError } from "@/lib/util/errors";
import { decodeProcessId } from "@/lib/util/ids";
import type { HistoryRecorder } from "@/lib/history/recorder";
import { EndpointRunner, type PollObserver } from "./endpoint-runner";
import { HistoryCache } from "./history-cache";
import { FleetState, type ChangeSource } from "./state";
import type { EndpointView, FleetEvent, FleetSnapshot, ProcessView } from "./types";

export type ConnectorFactory = (host: HostConfig, manager: Manager) => Connector;

export interface MonitorOptions {
  config: RespawnConfig;
  createConnector: ConnectorFactory;
  /** Records transitions and restarts; without it no counts are shown. */
  history?: HistoryRecorder;
  /** Told of each poll's outcome (metrics). */
  pollObserver?: PollObserver;
}

export interface ProcessChange {
  prev: ProcessInfo | undefined;
  next: ProcessInfo;
  source: ChangeSource;
  actor: string | null;
}
export type ProcessChangeListener = (change: ProcessChange) => void;

/** How often restart counts are recomputed: their windows (last hour, 24 h) slide with time. */
const HISTORY_REFRESH_MS = 60_000;

/** Deadline of a control action: supervisord's startsecs and systemd jobs can take a while. */
const ACTION_DEADLINE_MS = 60_000;

export interface BatchResult {
  id: string;
  result?: ControlResult;
  error?: { code: string; message: string };
}

/**
 * The monitor: one per server process. Owns every host connection and the in-memory picture of
 * the fleet, and is the only way the rest of Respawn reaches a host.
 */
export class Monitor {
  readonly state: FleetState;
  private readonly runners = new Map<string, EndpointRunner>();
  private readonly options: MonitorOptions;
  private readonly history: HistoryCache | null;
  private historyTimer: NodeJS.Timeout | null = null;
  private readonly changeListeners = new Set<ProcessChangeListener>();
  private started = false;
  private closing = false;
  /** Processes with an action under way → who runs which: what a poll sees meanwhile is that user's doing. */
  private readonly acting = new Map<string, { actor: string; action: ControlAction }>();

  constructor(options: MonitorOptions) {
    this.options = options;
    this.history = options.history ? new HistoryCache(options.history) : null;
    const history = this.history;
    this.state = new FleetState({
      observe: (prev, next, source, seenActor) => {
        const acting = this.acting.get(next.id);
        const actor = seenActor ?? acting?.actor ?? null;
        history?.observe(prev, next, source, actor, actor ? (acting?.action ?? null) : null);
        this.notifyChange(prev, next, source, actor);
      },
      historyOf: history ? (id) => history.historyOf(id) : undefined,
    });
  }

  /**
   * Calls `listener` after every process change is recorded (incident capture listens here for
   * "gave up"). A listener that throws is logged and never breaks the monitor.
   */
  onProcessChange(listener: ProcessChangeListener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private notifyChange(prev: ProcessInfo | undefined, next: ProcessInfo, source: ChangeSource, actor: string | null): void {
    for (const listener of this.changeListeners) {
      try {
        listener({ prev, next, source, actor });
      } catch (e) {
        console.error("respawn: a process-change listener failed:", e instanceof Error ? e.message : String(e));
      }
    }
  }

  get isStarted(): boolean {
    return this.started && !this.closing;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const { config } = this.options;
    for (const host of config.hosts) {
      for (const manager of ["supervisord", "systemd"] as const) {
        const endpoint = host[manager];
        if (!endpoint) continue;
        const key = `${host.id}/${manager}`;
        const runner = new EndpointRunner({
          key,
          hostId: host.id,
          hostName: host.name ?? host.id,
          target: describeTarget(host, manager),
          connector: this.options.createConnector(host, manager),
          state: this.state,
          timeoutMs: endpoint.timeoutMs,
          fixedIntervalMs: "pollIntervalMs" in endpoint ? endpoint.pollIntervalMs : undefined,
          baseIntervalMs: config.pollIntervalMs,
          observer: this.options.pollObserver,
        });
        this.runners.set(key, runner);
        runner.start();
      }
    }
    if (this.history) {
      const history = this.history;
      this.historyTimer = setInterval(() => this.state.resend(history.refresh(this.state.ids())), HISTORY_REFRESH_MS);
      this.historyTimer.unref();
    }
  }

  async stop(): Promise<void> {
    this.closing = true;
    if (this.historyTimer) clearInterval(this.historyTimer);
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
  }

  snapshot(): FleetSnapshot {
    return this.state.snapshot();
  }

  subscribe(listener: (event: FleetEvent) => void): () => void {
    return this.state.subscribe(listener);
  }

  /** One process as last seen, with its endpoint; NOT_FOUND when unknown. */
  getProcess(id: string): { process: ProcessView; endpoint: EndpointView } {
    const { hostId, manager } = decodeProcessId(id);
    const found = this.state.process(id);
    if (!found) throw new RespawnError("NOT_FOUND", `no such process on host ${hostId}`, { hostId });
    const endpoint = found.endpoint;
    if (endpoint.manager !== manager) throw new RespawnError("NOT_FOUND", "no such process");
    return { process: this.state.toView(found.info, endpoint), endpoint };
  }

  /**
   * Runs one action and records the state read back, with the user behind it; while it runs, a
   * poll's view of the process is credited to that user too (a restart is not a crash restart).
   * Never retried: an `unknown` outcome only triggers a fresh read of the host.
   */
  async control(id: string, action: ControlAction, actor: string | null = null): Promise<ControlResult> {
    if (this.closing) throw new RespawnError("UNAVAILABLE", "Respawn is shutting down: the action was not run");
    const { runner, name } = this.resolve(id);
    const acting = actor ? { actor, action } : null;
    if (acting) this.acting.set(id, acting);
    try {
      const result = await runner.guard.runLimited(() =>
        runner.connector.control(name, action, runner.deadline(ACTION_DEADLINE_MS)),
      );
      if (result.process) runner.applyProcess(result.process, "action", actor);
      if (result.outcome === "unknown") void runner.refreshProcess(name).catch(() => undefined);
      return result;
    } finally {
      if (acting && this.acting.get(id) === acting) this.acting.delete(id);
      runner.pollSoon();
    }
  }

  /**
   * Runs a task on the monitor's own connector of (host, manager), behind that host's breaker,
   * concurrency limit and a deadline; a poll follows, so what the task changed shows at once.
   */
  async withEndpointConnector<T>(
    hostId: string,
    manager: Manager,
    task: (connector: Connector, signal: AbortSignal) => Promise<T>,
    deadlineMs: number,
  ): Promise<T> {
    if (this.closing) throw new RespawnError("UNAVAILABLE", "Respawn is shutting down: nothing was run");
    const runner = this.runners.get(`${hostId}/${manager}`);
    if (!runner) throw new RespawnError("NOT_FOUND", `no host "${hostId}" with ${manager} is configured`);
    try {
      return await runner.guard.runLimited(() => task(runner.connector, runner.deadline(deadlineMs)));
    } finally {
      runner.pollSoon();
    }
  }

  /** Re-reads the named processes of a host's supervisord at once (its event listener saw them change). */
  refreshSupervisordProcesses(hostId: string, names: readonly string[]): void {
    const runner = this.runners.get(`${hostId}/supervisord`);
    if (!runner || this.closing) return;
    for (const name of new Set(names)) void runner.refreshProcess(name).catch(() => runner.pollSoon());
  }

  /** Runs one action on many processes, a few at a time per host; one result per id, in order. */
  async controlMany(ids: string[], action: ControlAction, actor: string | null = null): Promise<BatchResult[]> {
    return Promise.all(
      ids.map(async (id): Promise<BatchResult> => {
        try {
          return { id, result: await this.control(id, action, actor) };
        } catch (e) {
          const err = toRespawnError(e);
          return { id, error: { code: err.code, message: err.message } };
        }
      }),
    );
  }

  async readLog(id: string, stream: LogStream, options: ReadLogOptions): Promise<LogChunk> {
    const { runner, name } = this.resolve(id);
    return runner.guard.runLimited(() => runner.connector.readLog(name, stream, options, runner.deadline()));
  }

  /** CPU and memory of one process now; null where its connector cannot tell. */
  async readUsage(id: string): Promise<ProcessUsage | null> {
    const { runner, name } = this.resolve(id);
    const read = runner.connector.readUsage?.bind(runner.connector);
    if (!read) return null;
    return runner.guard.runLimited(() => read(name, runner.deadline()));
  }

  /** Follows a log until `signal` aborts (the browser went away) or the monitor stops. */
  followLog(id: string, stream: LogStream, cursor: string, signal: AbortSignal): AsyncIterable<LogChunk> {
    const { runner, name } = this.resolve(id);
    runner.guard.assertClosed();
    return runner.connector.followLog(name, stream, cursor, AbortSignal.any([signal, runner.stopSignal]));
  }

  private resolve(id: string): { runner: EndpointRunner; name: string } {
    const { hostId, manager, name } = decodeProcessId(id);
    const runner = this.runners.get(`${hostId}/${manager}`);
    if (!runner) throw new RespawnError("NOT_FOUND", `no host "${hostId}" with ${manager} is configured`);
    return { runner, name };
  }
}

/** Where an endpoint is reached, for display: never includes credentials. */
function describeTarget(host: HostConfig, manager: Manager): string {
  if (manager === "supervisord") {
    const s = host.supervisord;
    if (s?.socket) return `unix:${s.socket}`;
    if (s?.url) {
      const u = new URL(s.url);
      return `${u.protocol}//${u.host}${u.pathname}`;
    }
    return "supervisord";
  }
  const d = host.systemd;
  if (d?.bus === "ssh" && d.ssh) return `ssh://${d.ssh.user ? `${d.ssh.user}@` : ""}${d.ssh.host}:${d.ssh.port}`;
  if (d?.bus === "user") return `user bus ${d.busAddress ?? ""}`.trim();
  return d?.busAddress ? `system bus ${d.busAddress}` : "system bus";
}
