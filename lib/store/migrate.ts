import type Database from "better-sqlite3";
import { RespawnError } from "@/lib/util/errors";
import { MIGRATIONS, type Migration } from "./migrations";

/**
 * Applies the migrations this build knows and the file has not seen, each in its own
 * transaction together with its row in schema_migrations. Returns the versions applied now.
 */
export function applyMigrations(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const row = db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as { v: number | null };
  const current = row.v ?? 0;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new RespawnError("UNAVAILABLE", "the store was written by a newer Respawn", {
      detail: `schema version ${current}, this build knows up to ${newest}`,
    });
  }
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(
        m.version,
        m.name,
        Date.now(),
      );
    })();
    applied.push(m.version);
  }
  return applied;
}
