/** Incidents (frozen snapshots of what happened) and the share links that open them. */
export const migration004 = {
  version: 4,
  name: "incidents",
  sql: `
    CREATE TABLE incidents (
      id INTEGER PRIMARY KEY,
      process_id TEXT NOT NULL,
      host_id TEXT NOT NULL,
      manager TEXT NOT NULL,
      process_name TEXT NOT NULL,
      kind TEXT NOT NULL,
      title TEXT NOT NULL,
      comment TEXT,
      status TEXT NOT NULL DEFAULT 'open',
      opened_at INTEGER NOT NULL,
      resolved_at INTEGER,
      resolved_by TEXT,
      created_by TEXT,
      line_count INTEGER NOT NULL,
      redactions INTEGER NOT NULL,
      snapshot TEXT NOT NULL
    );
    CREATE INDEX incidents_opened ON incidents (opened_at DESC, id DESC);
    CREATE INDEX incidents_process ON incidents (process_id, opened_at DESC);
    CREATE INDEX incidents_host ON incidents (host_id, opened_at DESC);

    CREATE TABLE shares (
      id INTEGER PRIMARY KEY,
      incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
      token_hash TEXT NOT NULL UNIQUE,
      access TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER,
      revoked_at INTEGER,
      revoked_by TEXT
    );
    CREATE INDEX shares_incident ON shares (incident_id, created_at DESC);
  `,
} as const;
