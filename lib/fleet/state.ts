import type { ProcessInfo } from "@/lib/connectors/types";
import type { EndpointView, FleetEvent, FleetSnapshot, ProcessHistory, ProcessView } from "./types";

type Listener = (event: FleetEvent) => void;

/** Who saw a change: a poll, a live signal, or an action's read-back (with the user behind it). */
export type ChangeSource = "poll" | "signal" | "action";

export interface FleetStateHooks {
  /** Called for every process that changed, before browsers are told (history records it here). */
  observe?(prev: ProcessInfo | undefined, next: ProcessInfo, source: ChangeSource, actor: string | null): void;
  /** Extra facts shown with a process (restart counts, flapping). */
  historyOf?(id: string): ProcessHistory | null;
}

/**
 * The monitor's in-memory picture of the fleet: endpoints, their processes, and a sequence
 * number that orders every change sent to browsers. Pure bookkeeping, no I/O.
 */
export class FleetState {
  private seq = 0;
  private readonly endpoints = new Map<string, EndpointView>();
  /** endpoint key → (process id → info) */
  private readonly processes = new Map<string, Map<string, ProcessInfo>>();
  private readonly listeners = new Set<Listener>();
  private readonly hooks: FleetStateHooks;

  constructor(hooks: FleetStateHooks = {}) {
    this.hooks = hooks;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  snapshot(): FleetSnapshot {
    const processes: ProcessView[] = [];
    for (const [key, map] of this.processes) {
      const endpoint = this.endpoints.get(key);
      if (!endpoint) continue;
      for (const info of map.values()) processes.push(this.toView(info, endpoint));
    }
    return { seq: this.seq, endpoints: [...this.endpoints.values()], processes };
  }

  endpoint(key: string): EndpointView | undefined {
    return this.endpoints.get(key);
  }

  process(id: string): { info: ProcessInfo; endpoint: EndpointView } | undefined {
    for (const [key, map] of this.processes) {
      const info = map.get(id);
      const endpoint = this.endpoints.get(key);
      if (info && endpoint) return { info, endpoint };
    }
    return undefined;
  }

  /** Adds or updates an endpoint; when its up/stale status flips, its processes are re-sent. */
  setEndpoint(endpoint: EndpointView): void {
    const before = this.endpoints.get(endpoint.key);
    const count = this.processes.get(endpoint.key)?.size ?? 0;
    const next = { ...endpoint, processCount: count };
    if (before && sameJson(before, next)) return;
    this.endpoints.set(endpoint.key, next);
    this.emit({ type: "endpoint", seq: ++this.seq, endpoint: next });
    if (before && (before.status === "up") !== (next.status === "up") && count > 0) {
      const upsert = [...(this.processes.get(endpoint.key)?.values() ?? [])].map((p) => this.toView(p, next));
      this.emit({ type: "processes", seq: ++this.seq, upsert, remove: [] });
    }
  }

  /** Replaces the whole process list of an endpoint (a poll or re-list) and sends only the difference. */
  replaceProcesses(key: string, list: ProcessInfo[]): void {
    const endpoint = this.endpoints.get(key);
    if (!endpoint) return;
    const old = this.processes.get(key) ?? new Map<string, ProcessInfo>();
    const fresh = new Map(list.map((p) => [p.id, p]));
    const upsert: ProcessView[] = [];
    for (const [id, info] of fresh) {
      const prev = old.get(id);
      if (prev && sameJson(prev, info)) continue;
      this.hooks.observe?.(prev, info, "poll", null);
      upsert.push(this.toView(info, endpoint));
    }
    const remove = [...old.keys()].filter((id) => !fresh.has(id));
    this.processes.set(key, fresh);
    this.refreshCount(key, fresh.size);
    if (upsert.length || remove.length) this.emit({ type: "processes", seq: ++this.seq, upsert, remove });
  }

  /** Applies one process change (a D-Bus signal, an action's read-back). */
  upsertProcess(key: string, info: ProcessInfo, source: ChangeSource = "signal", actor: string | null = null): void {
    const endpoint = this.endpoints.get(key);
    if (!endpoint) return;
    const map = this.processes.get(key) ?? new Map<string, ProcessInfo>();
    const prev = map.get(info.id);
    if (prev && sameJson(prev, info)) return;
    this.hooks.observe?.(prev, info, source, actor);
    map.set(info.id, info);
    this.processes.set(key, map);
    this.refreshCount(key, map.size);
    this.emit({ type: "processes", seq: ++this.seq, upsert: [this.toView(info, endpoint)], remove: [] });
  }

  /** Re-sends processes whose derived facts (restart counts) changed without a state change. */
  resend(ids: readonly string[]): void {
    const upsert: ProcessView[] = [];
    for (const id of ids) {
      const found = this.process(id);
      if (found) upsert.push(this.toView(found.info, found.endpoint));
    }
    if (upsert.length) this.emit({ type: "processes", seq: ++this.seq, upsert, remove: [] });
  }

  /** Every process id currently known. */
  ids(): string[] {
    return [...this.processes.values()].flatMap((m) => [...m.keys()]);
  }

  /** A process as browsers see it. */
  toView(info: ProcessInfo, endpoint: EndpointView): ProcessView {
    return {
      ...info,
      hostName: endpoint.hostName,
      stale: endpoint.status !== "up",
      history: this.hooks.historyOf?.(info.id) ?? null,
    };
  }

  removeProcess(key: string, id: string): void {
    const map = this.processes.get(key);
    if (!map?.delete(id)) return;
    this.refreshCount(key, map.size);
    this.emit({ type: "processes", seq: ++this.seq, upsert: [], remove: [id] });
  }

  private refreshCount(key: string, count: number): void {
    const endpoint = this.endpoints.get(key);
    if (endpoint && endpoint.processCount !== count) this.setEndpoint({ ...endpoint, processCount: count });
  }

  private emit(event: FleetEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken listener (a closed stream) must not stop the others.
      }
    }
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
