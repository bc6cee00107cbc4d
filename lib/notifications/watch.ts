import type { EndpointView, FleetEvent } from "@/lib/fleet/types";
import type { ProcessChange } from "@/lib/fleet/monitor";
import type { NotificationEvent } from "./types";
import { withBasePath } from "@/lib/util/base-path";

/** What the watcher listens to: the monitor's process changes and its stream of endpoint updates. */
export interface WatchedMonitor {
  onProcessChange(listener: (change: ProcessChange) => void): () => void;
  subscribe(listener: (event: FleetEvent) => void): () => void;
}

export interface WatchOptions {
  /** Restarts in the flapping window per process id, for those that flap now. */
  flapping?: (ids: string[]) => Map<string, number>;
  /** This dashboard's address for links (incidents.publicUrl); paths only without it. */
  publicUrl?: string;
  now?: () => number;
}

const DOWN = new Set<EndpointView["status"]>(["down", "auth", "timeout", "circuit-open"]);

/**
 * Turns the monitor's changes into notification events: a process that gives up or starts
 * flapping, a host's manager that stops answering, and each of them coming back (recovered).
 * Each episode is told once: a host that stays down is not told again at every poll.
 */
export function watchFleet(monitor: WatchedMonitor, notify: (e: NotificationEvent) => void, o: WatchOptions = {}): () => void {
  const now = o.now ?? Date.now;
  // publicUrl already holds any sub-path (https://ops.example/respawn); a bare path gets the base path.
  const link = (path: string) => (o.publicUrl ? `${o.publicUrl.replace(/\/+$/, "")}${path}` : withBasePath(path));
  const told = new Set<string>(); // "g:<id>" gave up, "f:<id>" flapping, "e:<key>" host down: told
  const offProcess = monitor.onProcessChange(({ prev, next }) => {
    // A process first seen already gave up was told (or not) by whoever watched then: a restart of
    // the dashboard must not tell every standing failure again.
    if (!prev || prev.state === next.state) return;
    const base = { hostId: next.hostId, manager: next.manager, processName: next.name, at: now(), link: link(`/p/${encodeURIComponent(next.id)}`) };
    if (next.state === "gave-up") {
      told.add(`g:${next.id}`);
      notify({ ...base, kind: "gave-up", title: `${next.name} on ${next.hostId} gave up`, detail: next.spawnError || undefined });
      return;
    }
    if (next.state === "running" && told.delete(`g:${next.id}`)) {
      notify({ ...base, kind: "recovered", title: `${next.name} on ${next.hostId} is running again` });
    }
    // Flapping is told once per episode: again only after it has stopped flapping.
    const restarts = o.flapping?.([next.id]).get(next.id);
    if (restarts === undefined) told.delete(`f:${next.id}`);
    else if (!told.has(`f:${next.id}`)) {
      told.add(`f:${next.id}`);
      notify({ ...base, kind: "flapping", title: `${next.name} on ${next.hostId} is flapping`, detail: `${restarts} restarts in the flapping window` });
    }
  });
  const offEndpoint = monitor.subscribe((event) => {
    if (event.type !== "endpoint") return;
    const e = event.endpoint;
    const key = `e:${e.key}`;
    const base = { hostId: e.hostId, manager: e.manager, at: now(), link: link("/") };
    if (DOWN.has(e.status) && !told.has(key)) {
      told.add(key);
      notify({ ...base, kind: "host-down", title: `${e.manager} on ${e.hostName} does not answer (${e.status})`, detail: e.error?.message });
    } else if (e.status === "up" && told.delete(key)) {
      notify({ ...base, kind: "recovered", title: `${e.manager} on ${e.hostName} answers again` });
    }
  });
  return () => {
    offProcess();
    offEndpoint();
  };
}
