import { getMonitor, getRuntime } from "@/lib/fleet/instance";
import type { Db } from "@/lib/store/open-store";
import { RespawnError } from "@/lib/util/errors";
import type { CaptureSources } from "./snapshot";

/** The store incidents live in: the runtime's (started on first use). */
export function incidentDb(): Db {
  getMonitor();
  const store = getRuntime()?.history.store;
  if (!store) throw new RespawnError("UNAVAILABLE", "the store is not available");
  return store.db;
}

/** What a manual capture reads from: the running monitor and history. */
export function liveSources(): CaptureSources {
  const monitor = getMonitor();
  return { monitor, recorder: getRuntime()?.history.recorder ?? null };
}
