/** History: state transitions, restarts, first sightings and event-listener coverage. */
export const migration001 = {
  version: 1,
  name: "history",
  sql: `
    CREATE TABLE transitions (
      id INTEGER PRIMARY KEY,
      process_id TEXT NOT NULL,
      host_id TEXT NOT NULL,
      manager TEXT NOT NULL,
      name TEXT NOT NULL,
      from_state TEXT,
      to_state TEXT NOT NULL,
      raw_state TEXT NOT NULL,
      at INTEGER NOT NULL,
      exit_status INTEGER,
      signal TEXT,
      pid INTEGER,
      cause TEXT NOT NULL,
      actor TEXT,
      source TEXT NOT NULL,
      ref TEXT
    );
    CREATE UNIQUE INDEX transitions_ref ON transitions (process_id, ref) WHERE ref IS NOT NULL;
    CREATE INDEX transitions_process_at ON transitions (process_id, at DESC, id DESC);
    CREATE INDEX transitions_at ON transitions (at);

    CREATE TABLE restarts (
      id INTEGER PRIMARY KEY,
      process_id TEXT NOT NULL,
      at INTEGER NOT NULL,
      source TEXT NOT NULL,
      exact INTEGER NOT NULL,
      pid INTEGER,
      cause TEXT NOT NULL,
      ref TEXT
    );
    CREATE INDEX restarts_process_at ON restarts (process_id, at);
    CREATE INDEX restarts_at ON restarts (at);
    CREATE UNIQUE INDEX restarts_ref ON restarts (process_id, ref) WHERE ref IS NOT NULL;

    CREATE TABLE processes_seen (
      process_id TEXT PRIMARY KEY,
      host_id TEXT NOT NULL,
      manager TEXT NOT NULL,
      name TEXT NOT NULL,
      first_seen_at INTEGER NOT NULL,
      restarts_total INTEGER NOT NULL DEFAULT 0,
      inexact_total INTEGER NOT NULL DEFAULT 0,
      last_seen_at INTEGER NOT NULL,
      exact_since INTEGER,
      gap_from INTEGER,
      exact_before_gap INTEGER
    );

    CREATE TABLE listener_hosts (
      host_id TEXT PRIMARY KEY,
      covered_since INTEGER NOT NULL,
      last_event_at INTEGER NOT NULL,
      dropped_total INTEGER NOT NULL DEFAULT 0
    );
  `,
} as const;
