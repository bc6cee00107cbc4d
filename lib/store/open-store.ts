import path from "node:path";
import Database from "better-sqlite3";
import { RespawnError } from "@/lib/util/errors";
import { prepareStoreFiles, warnOnce, widerThanAllowed } from "./file-modes";
import { applyMigrations } from "./migrate";

export type Db = Database.Database;

export interface Store {
  db: Db;
  /** The database file (or ":memory:"). */
  path: string;
  /** Migration versions applied by this open (empty when the file was up to date). */
  migrated: number[];
  close(): void;
}

export const DEFAULT_DATA_DIR = "/var/lib/respawn";
export const DB_FILE_NAME = "respawn.db";

/**
 * Where the store lives: `<dataDir>/respawn.db`, with dataDir taken from the config, else
 * $RESPAWN_DATA_DIR, else /var/lib/respawn.
 */
export function resolveStorePath(configDataDir?: string, env: Record<string, string | undefined> = process.env): string {
  const dir = configDataDir ?? env.RESPAWN_DATA_DIR ?? DEFAULT_DATA_DIR;
  return path.join(dir, DB_FILE_NAME);
}

export interface OpenStoreOptions {
  /** How long a write waits for another connection's lock before SQLITE_BUSY, ms. */
  busyTimeoutMs?: number;
  /** Where a warning about store files others may read goes (stderr by default). */
  warn?: (line: string) => void;
}

/** Opens (creating when needed) the SQLite store in WAL mode and brings its schema up to date. */
export function openStore(file: string, options: OpenStoreOptions = {}): Store {
  let db: Db;
  let warnings: string[] = [];
  try {
    if (file !== ":memory:") warnings = prepareStoreFiles(file);
    db = new Database(file);
  } catch (e) {
    throw new RespawnError("UNAVAILABLE", "the store could not be opened", { detail: file, cause: e });
  }
  try {
    db.pragma("journal_mode = WAL");
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5_000))}`);
    // WAL + NORMAL survives a crash of Respawn; only an OS crash may lose the last commits.
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    const migrated = applyMigrations(db);
    if (file !== ":memory:") warnOnce([...new Set([...warnings, ...widerThanAllowed(file)])], options.warn ?? console.error);
    return { db, path: file, migrated, close: () => db.close() };
  } catch (e) {
    db.close();
    if (e instanceof RespawnError) throw e;
    throw new RespawnError("UNAVAILABLE", "the store could not be prepared", { detail: file, cause: e });
  }
}

/** True for failures that pass by themselves (locked, disk hiccup): the write is worth retrying. */
export function isTransientStoreError(e: unknown): boolean {
  const code = typeof e === "object" && e !== null && "code" in e ? String(e.code) : "";
  return (
    code.startsWith("SQLITE_BUSY") ||
    code.startsWith("SQLITE_LOCKED") ||
    code.startsWith("SQLITE_IOERR") ||
    code === "SQLITE_FULL" ||
    code === "SQLITE_CANTOPEN" ||
    code === "SQLITE_READONLY" ||
    (e instanceof TypeError && /database connection is not open/.test(e.message))
  );
}
