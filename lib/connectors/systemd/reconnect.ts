import type { ConnectorEvent } from "@/lib/connectors/types";
import { backoffDelay } from "./session";

export interface ReconnectDeps {
  /** Connects (or returns the live link); rejects when the host cannot be reached. */
  connect(): Promise<unknown>;
  /** Re-arms systemd's signals on the current link after systemd itself came back. */
  resubscribe(): Promise<unknown>;
  /** Called before "resync" so the next read of every unit is emitted again. */
  onResync(): void;
}

/**
 * The listeners of one connector, and the rule that keeps them honest: a drop is announced once
 * ("disconnected"), the link is retried with backoff and jitter while anyone listens, and
 * "resync" follows once systemd answers again.
 */
export function createEventHub(deps: ReconnectDeps) {
  const listeners = new Set<(e: ConnectorEvent) => void>();
  let down = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  function emit(event: ConnectorEvent): void {
    for (const l of [...listeners]) {
      try {
        l(event);
      } catch {
        // One listener's bug must not starve the others.
      }
    }
  }

  function markDown(reason: string): void {
    if (down) return;
    down = true;
    emit({ type: "disconnected", reason });
  }

  function markUp(force = false): void {
    attempt = 0;
    if (!down && !force) return;
    down = false;
    deps.onResync();
    emit({ type: "resync" });
  }

  function tryConnect(): void {
    deps.connect().then(() => markUp(), (e: unknown) => {
      markDown(e instanceof Error ? e.message : String(e));
      scheduleRetry();
    });
  }

  function scheduleRetry(): void {
    if (timer || stopped || listeners.size === 0) return;
    timer = setTimeout(() => {
      timer = null;
      tryConnect();
    }, backoffDelay(attempt++));
  }

  return {
    emit,
    /** The bus connection dropped. */
    onDrop(reason: string): void {
      if (listeners.size === 0) return;
      markDown(reason);
      scheduleRetry();
    },
    /**
     * systemd's name left the bus, or has a new owner on the same connection (re-exec, restart):
     * re-arm its signals, then resync unless a Reloading(false) will bring the resync itself.
     */
    onManagerPresence(present: boolean, reloadEndsLater: boolean): void {
      if (!present) return markDown("systemd left the bus (it is restarting or stopped)");
      deps.resubscribe().then(
        () => markUp(!reloadEndsLater),
        (e: unknown) => markDown(e instanceof Error ? e.message : String(e)),
      );
    },
    subscribe(listener: (e: ConnectorEvent) => void): () => void {
      listeners.add(listener);
      if (listeners.size === 1) tryConnect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearTimeout(timer);
          timer = null;
        }
      };
    },
    stop(): void {
      stopped = true;
      listeners.clear();
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
