import { accessSync, constants, existsSync, statSync } from "node:fs";
import path from "node:path";
import { resolveStorePath } from "@/lib/store/open-store";
import type { Runtime } from "./instance";

export interface Readiness {
  ready: boolean;
  checks: { config: boolean; monitor: boolean; store: boolean; shuttingDown: boolean };
  /** Why the store check failed, without paths' contents or secrets. */
  storeError?: string;
}

/**
 * Ready = configuration loaded, monitor started, store writable, not shutting down. The state of
 * the managed hosts is deliberately not part of it: a dead host is data to show, and taking the
 * dashboard out of rotation for it would hide exactly what the operator needs to see.
 */
export function checkReadiness(runtime: Runtime | undefined): Readiness {
  const store = runtime ? checkStoreWritable(runtime) : { ok: false, error: "not started" };
  const checks = {
    config: Boolean(runtime),
    monitor: Boolean(runtime?.monitor.isStarted),
    store: store.ok,
    shuttingDown: Boolean(runtime?.shuttingDown),
  };
  const ready = checks.config && checks.monitor && checks.store && !checks.shuttingDown;
  return { ready, checks, ...(store.error ? { storeError: store.error } : {}) };
}

/** The open store when there is one; otherwise whether its file could be created and written. */
function checkStoreWritable(runtime: Runtime): { ok: boolean; error?: string } {
  if (runtime.store) {
    const { db } = runtime.store;
    if (!db.open) return { ok: false, error: "the store is closed" };
    if (db.readonly) return { ok: false, error: "the store is read-only" };
  }
  const file = resolveStorePath(runtime.config.config.dataDir);
  try {
    const target = existsSync(file) ? file : nearestExisting(path.dirname(file));
    if (target !== file && !statSync(target).isDirectory()) throw new Error("not a folder");
    accessSync(target, constants.W_OK);
    return { ok: true };
  } catch {
    return { ok: false, error: `the data folder ${path.dirname(file)} is not writable` };
  }
}

/** openStore creates missing folders, so what must be writable is the closest one that exists. */
function nearestExisting(dir: string): string {
  let current = dir;
  while (!existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}
