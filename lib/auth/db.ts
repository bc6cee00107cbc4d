import { loadConfig } from "@/lib/config/load";
import { openStore, resolveStorePath, type Db, type Store } from "@/lib/store/open-store";

// One connection per server process for sign-in, sessions and audit, kept on globalThis so that
// Next's separate bundles (routes, pages, proxy.ts) share it. WAL lets it live beside the
// history writer's connection. It reads the configuration itself so that proxy.ts need not load
// the monitor.
const slot = globalThis as typeof globalThis & { __respawnAuthStore?: Store };

/** The store of users, sessions and audit, opened on first use at the configured data dir. */
export function getAuthDb(): Db {
  if (!slot.__respawnAuthStore) {
    const dataDir = loadConfig().config.dataDir;
    slot.__respawnAuthStore = openStore(resolveStorePath(dataDir), { busyTimeoutMs: 5_000 });
  }
  return slot.__respawnAuthStore.db;
}
