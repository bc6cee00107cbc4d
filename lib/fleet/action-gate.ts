import { RespawnError } from "@/lib/util/errors";

/**
 * Counts control actions in flight so shutdown can refuse new ones at once and still let the
 * running ones finish (an action cut off halfway would leave its outcome and audit unknown).
 */
export class ActionGate {
  private inFlight = 0;
  private closed = false;
  private idle: Array<() => void> = [];

  get running(): number {
    return this.inFlight;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs one action, or refuses it with UNAVAILABLE once the gate is closed. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) throw new RespawnError("UNAVAILABLE", "Respawn is shutting down: the action was not run");
    this.inFlight += 1;
    try {
      return await fn();
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idle.splice(0).forEach((resolve) => resolve());
    }
  }

  /** Refuses new actions from now on. */
  close(): void {
    this.closed = true;
  }

  /** Resolves true once no action runs, or false when `timeoutMs` passes first. */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

/** Puts `gate` in front of a monitor's `control`, so every action (single or batch) passes it. */
export function gateControl<M extends { control: (...args: never[]) => Promise<unknown> }>(monitor: M, gate: ActionGate): void {
  const control = monitor.control.bind(monitor) as M["control"];
  monitor.control = ((...args: Parameters<M["control"]>) => gate.run(() => control(...args))) as M["control"];
}
