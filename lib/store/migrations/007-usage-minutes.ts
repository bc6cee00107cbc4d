/** CPU and memory per process, one row per minute, kept 24 h: bounded by processes × 1440 rows. */
export const migration007 = {
  version: 7,
  name: "usage-minutes",
  sql: `CREATE TABLE usage_minutes (
    process_id TEXT NOT NULL,
    minute INTEGER NOT NULL,
    cpu_percent REAL,
    memory_bytes INTEGER,
    PRIMARY KEY (process_id, minute)
  ) WITHOUT ROWID;
  CREATE INDEX usage_minutes_minute ON usage_minutes (minute);`,
} as const;
