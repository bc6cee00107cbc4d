import type { Message } from "dbus-next";
import type { ConnectorEvent, ProcessInfo } from "@/lib/connectors/types";
import {
  JobRemovedBody,
  NameOwnerChangedBody,
  PropertiesChangedBody,
  UnitSignalBody,
} from "./wire";
import type { UnitFilter } from "./unit-filter";
import { unitNameFromPath } from "./unit-path";

/** Signals for one unit arriving within this window cause one re-read. */
export const COALESCE_MS = 5;

export interface LiveDeps {
  filter: UnitFilter;
  /** Re-reads a unit: its ProcessInfo, or null when it is gone (not loaded). */
  readUnit(name: string): Promise<ProcessInfo | null>;
  /**
   * After UnitRemoved: what the unit is now without loading it again (an installed unit file stays
   * a stopped process), or null when it is gone. Without it, UnitRemoved means removed.
   */
  readGone?(name: string): Promise<ProcessInfo | null>;
  /** True when the unit is loaded right now (without loading it). */
  isLoaded(name: string): Promise<boolean>;
  emit(event: ConnectorEvent): void;
  /**
   * systemd's bus name went away (present=false) or has a new owner (daemon-reexec, restart).
   * `reloading` tells that a Reloading(false) — and with it a resync — is still to come.
   */
  onManagerPresence(present: boolean, reloading: boolean): void;
}

/**
 * Turns systemd's signals into ConnectorEvents: each change re-reads the unit (coalesced per
 * unit) and emits its full new state, only when that state differs from the last one sent.
 */
export function createLiveUnits(deps: LiveDeps) {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, boolean>(); // name → dirty while a read is in flight
  const lastSent = new Map<string, string>();
  // Between Reloading(true) and Reloading(false) systemd tears every unit down and builds it
  // again, announcing UnitRemoved for all of them: nothing is really gone, so wait for the end.
  let reloading = false;
  const gone = new Set<string>(); // names whose next refresh follows a UnitRemoved

  async function read(name: string): Promise<ProcessInfo | null> {
    if (deps.readGone && gone.delete(name)) {
      const p = await deps.readGone(name);
      if (!p) {
        lastSent.delete(name);
        deps.emit({ type: "removed", name });
      }
      return p;
    }
    return deps.readUnit(name);
  }

  async function refresh(name: string): Promise<void> {
    running.set(name, false);
    try {
      const p = await read(name);
      if (!p) {
        if (lastSent.delete(name)) deps.emit({ type: "removed", name });
        return;
      }
      const json = JSON.stringify(p);
      if (lastSent.get(name) === json) return;
      lastSent.set(name, json);
      deps.emit({ type: "process", process: p });
    } catch {
      // A read that fails (bus gone, unit vanished) is covered by the drop / resync path.
    } finally {
      const dirty = running.get(name);
      running.delete(name);
      if (dirty) schedule(name);
    }
  }

  function schedule(name: string): void {
    if (!deps.filter(name)) return;
    if (running.has(name)) {
      running.set(name, true);
      return;
    }
    if (timers.has(name)) return;
    timers.set(
      name,
      setTimeout(() => {
        timers.delete(name);
        void refresh(name);
      }, COALESCE_MS),
    );
  }

  function onUnitNew(name: string): void {
    // Reading a unit that is not loaded would load it (and signal UnitNew again): check first.
    if (!deps.filter(name)) return;
    void deps.isLoaded(name).then(
      (loaded) => loaded && schedule(name),
      () => undefined,
    );
  }

  function onReloading(starting: boolean): void {
    reloading = starting;
    if (starting) return stop();
    reset();
    deps.emit({ type: "resync" });
  }

  function onOwnerChanged(owner: string): void {
    const duringReload = reloading && owner !== "";
    if (owner !== "") reloading = duringReload;
    deps.onManagerPresence(owner !== "", duringReload);
  }

  function handleSignal(msg: Message): void {
    const body: unknown = msg.body;
    if (msg.member === "Reloading") {
      if (body instanceof Array && typeof body[0] === "boolean") onReloading(body[0]);
    } else if (msg.member === "NameOwnerChanged") {
      const r = NameOwnerChangedBody.safeParse(body);
      if (r.success) onOwnerChanged(r.data[2]);
    } else if (reloading) {
      return;
    } else if (msg.member === "PropertiesChanged") {
      const name = unitNameFromPath(msg.path);
      if (name && PropertiesChangedBody.safeParse(body).success) schedule(name);
    } else if (msg.member === "JobRemoved") {
      const r = JobRemovedBody.safeParse(body);
      if (r.success) schedule(r.data[2]);
    } else if (msg.member === "UnitNew") {
      const r = UnitSignalBody.safeParse(body);
      if (r.success) onUnitNew(r.data[0]);
    } else if (msg.member === "UnitRemoved") {
      const r = UnitSignalBody.safeParse(body);
      if (r.success && deps.filter(r.data[0]) && deps.readGone) {
        gone.add(r.data[0]);
        schedule(r.data[0]);
      } else if (r.success && deps.filter(r.data[0])) {
        lastSent.delete(r.data[0]);
        deps.emit({ type: "removed", name: r.data[0] });
      }
    }
  }

  /** Forgets what was sent, so the next read of every unit is emitted again. */
  function reset(): void {
    lastSent.clear();
  }

  function stop(): void {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    gone.clear();
  }

  return { handleSignal, reset, stop, schedule };
}
