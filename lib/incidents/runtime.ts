import { getMonitor, getRuntime } from "@/lib/fleet/instance";
import type { Db } from "@/lib/store/open-store";
import { RespawnError } from "@/lib/util/errors";
import { incidentCaptureOptions } from "./config";
import type { CaptureSources } from "./snapshot";
import { notifyIncident, type IncidentNotice } from "./webhook";

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

/** Tells the configured webhook about an incident opened by hand (automatic ones are told by the capture). */
export function notifyOpened(notice: IncidentNotice): void {
  const config = getRuntime()?.config.config;
  const hook = config ? incidentCaptureOptions(config).webhook : null;
  if (hook) void notifyIncident(hook, notice);
}
