import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  bulkhead,
  circuitBreaker,
  handleWhen,
  type IBackoff,
  type IBackoffFactory,
  type IHalfOpenAfterBackoffContext,
} from "cockatiel";
import { RespawnError, isRespawnError } from "@/lib/util/errors";

/** Failures that say the host is unwell; a refused action (FAULT, CONFLICT, NOT_FOUND) does not. */
const HOST_FAILURES = new Set(["UNREACHABLE", "TIMEOUT", "BAD_RESPONSE", "AUTH"]);

export interface HostGuardOptions {
  hostId: string;
  /** Consecutive host failures that open the circuit. */
  failures?: number;
  /** Calls (actions, log reads) run at once against this host; more wait in a queue. */
  concurrency?: number;
  queue?: number;
}

/**
 * Per-endpoint protection: a circuit breaker that opens after consecutive host failures (so
 * actions on a dead host fail at once instead of each waiting for the deadline) and a bulkhead
 * that limits concurrent calls. Knows when it will next let a call through.
 */
export class HostGuard {
  private readonly hostId: string;
  private retryAt: number | null = null;
  private readonly breaker;
  private readonly limiter;

  constructor(options: HostGuardOptions) {
    this.hostId = options.hostId;
    const halfOpenAfter = recordingBackoff(
      new ExponentialBackoff({ initialDelay: 1_000, maxDelay: 30_000 }),
      (ms) => (this.retryAt = Date.now() + ms),
    );
    this.breaker = circuitBreaker(
      handleWhen((e) => isRespawnError(e) && HOST_FAILURES.has(e.code)),
      { halfOpenAfter, breaker: new ConsecutiveBreaker(options.failures ?? 3) },
    );
    this.breaker.onReset(() => (this.retryAt = null));
    this.limiter = bulkhead(options.concurrency ?? 4, options.queue ?? 64);
  }

  get state(): "closed" | "open" | "half-open" {
    const s = this.breaker.state;
    return s === CircuitState.Closed ? "closed" : s === CircuitState.HalfOpen ? "half-open" : "open";
  }

  /** Epoch ms when an open circuit lets the next call through, or null when closed. */
  get nextRetryAt(): number | null {
    return this.state === "closed" ? null : this.retryAt;
  }

  /** Runs a call through the breaker only (polls: there is never more than one in flight). */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await this.breaker.execute(fn);
    } catch (e) {
      throw this.translate(e);
    }
  }

  /** Runs a call through the concurrency limit and the breaker (actions, log reads). */
  async runLimited<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await this.limiter.execute(() => this.breaker.execute(fn));
    } catch (e) {
      throw this.translate(e);
    }
  }

  /** Throws UNAVAILABLE when the circuit is open (for long-lived calls such as log follows). */
  assertClosed(): void {
    if (this.state === "open") throw this.openError();
  }

  private translate(e: unknown): unknown {
    if (e instanceof BrokenCircuitError) return this.openError();
    if (e instanceof BulkheadRejectedError) {
      return new RespawnError("UNAVAILABLE", `host ${this.hostId}: too many calls in flight, try again`, {
        hostId: this.hostId,
      });
    }
    return e;
  }

  private openError(): RespawnError {
    const seconds = this.retryAt ? Math.max(0, Math.ceil((this.retryAt - Date.now()) / 1000)) : null;
    const when = seconds === null ? "" : `, retrying in ${seconds} s`;
    return new RespawnError("UNAVAILABLE", `host ${this.hostId}: circuit open after repeated failures${when}`, {
      hostId: this.hostId,
    });
  }
}

/** Wraps a backoff so that each half-open delay chosen is reported (to show "retrying in 8 s"). */
function recordingBackoff(
  inner: IBackoffFactory<IHalfOpenAfterBackoffContext>,
  onDelay: (ms: number) => void,
): IBackoffFactory<IHalfOpenAfterBackoffContext> {
  const wrap = (b: IBackoff<IHalfOpenAfterBackoffContext>): IBackoff<IHalfOpenAfterBackoffContext> => {
    onDelay(b.duration);
    return { duration: b.duration, next: (ctx) => wrap(b.next(ctx)) };
  };
  return { next: (ctx) => wrap(inner.next(ctx)) };
}
