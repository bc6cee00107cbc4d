import type { Connector, ConnectorEvent, ProcessInfo } from "@/lib/connectors/types";
import { encodeProcessId } from "@/lib/util/ids";
import { toRespawnError, type RespawnError } from "@/lib/util/errors";
import { HostGuard } from "./breaker";
import { hostTimer, type PollTiming } from "./poll-timing";
import type { ChangeSource, FleetState } from "./state";
import type { EndpointStatus, EndpointView } from "./types";

export interface EndpointRunnerOptions {
  key: string;
  hostId: string;
  hostName: string;
  target: string;
  connector: Connector;
  state: FleetState;
  /** Deadline of each call, ms. */
  timeoutMs: number;
  /** Fixed poll interval; when absent the interval adapts to how long a poll takes. */
  fixedIntervalMs?: number;
  /** Floor of the adaptive interval. */
  baseIntervalMs: number;
  /** Starts timing a poll (tests pass their own); default: hostTimer(). */
  startTimer?: () => () => PollTiming;
  /** Told of each poll's outcome (metrics). */
  observer?: PollObserver;
}

/** Hears how polls go: a duration for each success, an error code for each failure. */
export interface PollObserver {
  pollSucceeded(endpoint: { hostId: string; manager: string }, seconds: number): void;
  pollFailed(endpoint: { hostId: string; manager: string }, code: string): void;
}

/** How long event-driven endpoints (D-Bus signals) wait between reconciling re-lists. */
export const RECONCILE_INTERVAL_MS = 30_000;
/** An adaptive interval is this many times the host's share of the last poll (keeps the host's CPU low). */
const POLL_COST_FACTOR = 20;
const MAX_INTERVAL_MS = 30_000;

/**
 * Supervises one manager on one host: polls it (never two polls at once), applies its live
 * events, tracks its status, and guards every call with a deadline and a circuit breaker.
 */
export class EndpointRunner {
  readonly key: string;
  readonly connector: Connector;
  readonly guard: HostGuard;
  private readonly opts: EndpointRunnerOptions;
  private readonly stopped = new AbortController();
  private view: EndpointView;
  private wake: (() => void) | null = null;
  private unsubscribe: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private failures = 0;

  constructor(opts: EndpointRunnerOptions) {
    this.opts = opts;
    this.key = opts.key;
    this.connector = opts.connector;
    this.guard = new HostGuard({ hostId: opts.hostId });
    this.view = {
      key: opts.key,
      hostId: opts.hostId,
      hostName: opts.hostName,
      manager: opts.connector.manager,
      target: opts.target,
      status: "connecting",
      error: null,
      since: Date.now(),
      lastOkAt: null,
      version: null,
      lastPollMs: null,
      pollIntervalMs: null,
      nextRetryAt: null,
      breaker: "closed",
      processCount: 0,
      configReload: opts.connector.configReload !== undefined,
    };
    opts.state.setEndpoint(this.view);
  }

  get endpoint(): EndpointView {
    return this.opts.state.endpoint(this.key) ?? this.view;
  }

  start(): void {
    this.unsubscribe = this.connector.subscribe((e) => this.onEvent(e));
    this.loop = this.run();
  }

  /** Asks for a re-list as soon as possible (after an action, or on a "resync" event). */
  pollSoon(): void {
    this.wake?.();
  }

  /** A deadline signal for one call, also aborted when the runner stops. */
  deadline(ms = this.opts.timeoutMs): AbortSignal {
    return AbortSignal.any([AbortSignal.timeout(ms), this.stopped.signal]);
  }

  get stopSignal(): AbortSignal {
    return this.stopped.signal;
  }

  async stop(): Promise<void> {
    this.stopped.abort();
    this.wake?.();
    this.unsubscribe?.();
    await this.loop?.catch(() => undefined);
    await this.connector.close().catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (!this.stopped.signal.aborted) {
      const delay = await this.pollOnce();
      await this.sleep(delay);
    }
  }

  /** One poll; returns how long to wait before the next one. */
  private async pollOnce(): Promise<number> {
    const stop = (this.opts.startTimer ?? hostTimer)();
    try {
      const list = await this.guard.run(() => this.connector.listProcesses(this.deadline()));
      const { wallMs: ms, hostMs } = stop();
      this.opts.observer?.pollSucceeded({ hostId: this.opts.hostId, manager: this.connector.manager }, ms / 1000);
      if (this.view.version === null) await this.readVersion();
      this.failures = 0;
      const interval = this.nextInterval(hostMs);
      this.update({ status: "up", error: null, lastOkAt: Date.now(), lastPollMs: ms, pollIntervalMs: interval });
      this.opts.state.replaceProcesses(this.key, list);
      return interval;
    } catch (e) {
      if (this.stopped.signal.aborted) return 0;
      return this.onFailure(toRespawnError(e, "UNREACHABLE", this.opts.hostId));
    }
  }

  private async readVersion(): Promise<void> {
    try {
      const health = await this.connector.health(this.deadline());
      this.view = { ...this.view, version: health.version };
    } catch {
      // The version is decoration; the poll that just worked is what counts.
    }
  }

  private onFailure(error: RespawnError): number {
    this.failures += 1;
    this.opts.observer?.pollFailed({ hostId: this.opts.hostId, manager: this.connector.manager }, error.code);
    const status = statusOf(error);
    const retryAt = this.guard.nextRetryAt;
    const backoff = Math.min(MAX_INTERVAL_MS, 1_000 * 2 ** Math.min(this.failures - 1, 5));
    const delay = retryAt ? Math.max(250, retryAt - Date.now()) : jitter(backoff);
    const keepStatus = error.code === "UNAVAILABLE" && this.view.status !== "up" && this.view.status !== "connecting";
    this.update({
      status: keepStatus ? this.view.status : status,
      error: keepStatus ? this.view.error : { code: error.code, message: error.message },
      nextRetryAt: Date.now() + delay,
    });
    return delay;
  }

  private nextInterval(hostMs: number): number {
    if (this.opts.fixedIntervalMs) return this.opts.fixedIntervalMs;
    if (this.connector.pushesEvents) return RECONCILE_INTERVAL_MS;
    return Math.min(MAX_INTERVAL_MS, Math.max(this.opts.baseIntervalMs, hostMs * POLL_COST_FACTOR));
  }

  private onEvent(event: ConnectorEvent): void {
    if (event.type === "process") this.applyProcess(event.process);
    else if (event.type === "removed") this.removeByName(event.name);
    else if (event.type === "resync") this.pollSoon();
    else this.update({ status: "down", error: { code: "UNREACHABLE", message: event.reason } });
  }

  /** Applies a process read outside the poll (a signal, an action's read-back). */
  applyProcess(info: ProcessInfo, source: ChangeSource = "signal", actor: string | null = null): void {
    this.opts.state.upsertProcess(this.key, info, source, actor);
  }

  /** Re-reads one process at once (the event listener said it changed); cheaper than a full poll. */
  async refreshProcess(name: string): Promise<void> {
    const info = await this.guard.run(() => this.connector.getProcess(name, this.deadline()));
    this.applyProcess(info, "poll");
  }

  private removeByName(name: string): void {
    const id = encodeProcessId({ hostId: this.opts.hostId, manager: this.connector.manager, name });
    this.opts.state.removeProcess(this.key, id);
  }

  private update(patch: Partial<EndpointView>): void {
    const next = { ...this.view, ...patch, breaker: this.guard.state, nextRetryAt: patch.nextRetryAt ?? null };
    if (next.status !== this.view.status) next.since = Date.now();
    this.view = next;
    this.opts.state.setEndpoint(next);
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}

function statusOf(error: RespawnError): EndpointStatus {
  if (error.code === "AUTH") return "auth";
  if (error.code === "TIMEOUT") return "timeout";
  if (error.code === "UNAVAILABLE") return "circuit-open";
  return "down";
}

/** Full jitter between half and all of the delay, so many hosts do not retry in lock-step. */
function jitter(ms: number): number {
  return Math.round(ms / 2 + Math.random() * (ms / 2));
}
