import type { Message } from "dbus-next";
import type { SystemdEndpoint } from "@/lib/config/schema";
import { RespawnError } from "@/lib/util/errors";
import { createSystemdClient, type SystemdClient } from "./client";
import { DbusClient } from "./dbus-client";
import { openTransport } from "./transport";

export interface Link {
  bus: DbusClient;
  client: SystemdClient;
}

export interface SessionHooks {
  onSignal(msg: Message): void;
  /** The connection dropped (only called for a link that was up). */
  onDrop(reason: string): void;
}

const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 30_000;

/** Exponential backoff with jitter: half fixed, half random, so hosts do not reconnect in step. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Owns the one D-Bus connection of a host: connects on demand (concurrent callers share the
 * attempt), subscribes to systemd's signals on every new connection, reports drops.
 */
export class BusSession {
  private link: Link | null = null;
  private connecting: Promise<Link> | null = null;
  private closedForGood = false;

  constructor(
    private readonly hostId: string,
    private readonly endpoint: SystemdEndpoint,
    private readonly hooks: SessionHooks,
  ) {}

  isUp(): boolean {
    return this.link !== null && this.link.bus.isAlive();
  }

  /** The live link, connecting first when there is none. */
  get(): Promise<Link> {
    if (this.closedForGood) {
      return Promise.reject(new RespawnError("UNAVAILABLE", "the systemd connector is closed", { hostId: this.hostId }));
    }
    if (this.link && this.link.bus.isAlive()) return Promise.resolve(this.link);
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<Link> {
    const timeoutMs = this.endpoint.timeoutMs;
    const bus = new DbusClient(openTransport(this.hostId, this.endpoint), this.hostId);
    try {
      await bus.start(timeoutMs);
      bus.onSignal((m) => this.hooks.onSignal(m));
      const client = createSystemdClient(bus, this.hostId);
      await client.addMatches({ timeoutMs });
      await client.subscribe({ timeoutMs });
      const link = { bus, client };
      if (this.closedForGood) throw new RespawnError("UNAVAILABLE", "the systemd connector is closed");
      this.link = link;
      void bus.closed.then((e) => {
        if (this.link !== link) return;
        this.link = null;
        if (!this.closedForGood) this.hooks.onDrop(e.message);
      });
      return link;
    } catch (e) {
      bus.close();
      throw e;
    }
  }

  close(): void {
    this.closedForGood = true;
    const link = this.link;
    this.link = null;
    link?.bus.close();
  }
}
