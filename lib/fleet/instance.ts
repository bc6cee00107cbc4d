import { loadConfig, type LoadedConfig } from "@/lib/config/load";
import { createConnector } from "./connector-factory";
import { Monitor } from "./monitor";

interface Runtime {
  monitor: Monitor;
  config: LoadedConfig;
  startedAt: number;
  shuttingDown: boolean;
}

// One monitor per server process, kept on globalThis so that Next's separate route bundles
// (and dev-mode reloads) share it instead of each opening their own host connections.
const slot = globalThis as typeof globalThis & { __respawn?: Runtime };

/** Starts the monitor once (from instrumentation.ts); later calls return the same one. */
export function startRuntime(): Runtime {
  if (slot.__respawn) return slot.__respawn;
  const config = loadConfig();
  const monitor = new Monitor({ config: config.config, createConnector });
  monitor.start();
  slot.__respawn = { monitor, config, startedAt: Date.now(), shuttingDown: false };
  return slot.__respawn;
}

/** The running monitor; starts it if instrumentation has not (e.g. in a test server). */
export function getMonitor(): Monitor {
  return startRuntime().monitor;
}

export function getRuntime(): Runtime | undefined {
  return slot.__respawn;
}
