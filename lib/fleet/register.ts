import type { RespawnConfig } from "@/lib/config/schema";
import { basePathMismatch } from "@/lib/util/base-path";
import { startRuntime } from "./instance";
import { installShutdown } from "./shutdown";

/** Server start: config, monitor, signal handlers; answers the configuration. A bad config ends the process with EX_CONFIG. */
export function registerNode(): RespawnConfig {
  try {
    const runtime = startRuntime();
    const mismatch = basePathMismatch(runtime.config.config.basePath, process.env.RESPAWN_BASE_PATH);
    if (mismatch) throw new Error(mismatch);
    installShutdown(runtime);
    const path = runtime.config.path ?? "no configuration file (defaults)";
    const hosts = runtime.config.config.hosts.map((h) => h.id).join(", ") || "none";
    console.log(`respawn: configuration ${path}; hosts: ${hosts}`);
    return runtime.config.config;
  } catch (e) {
    console.error(`respawn: cannot start: ${e instanceof Error ? e.message : String(e)}`);
    return process.exit(78); // EX_CONFIG: a supervisor should not restart-loop on a bad file
  }
}
