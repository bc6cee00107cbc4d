/** The notification delivery log: one row per (event, channel), updated as attempts go. */
export const migration006 = {
  version: 6,
  name: "notifications",
  sql: `
    CREATE TABLE notification_deliveries (
      id INTEGER PRIMARY KEY,
      channel_id TEXT NOT NULL,
      channel_kind TEXT NOT NULL,
      event_kind TEXT NOT NULL,
      host_id TEXT NOT NULL,
      manager TEXT NOT NULL,
      process_name TEXT,
      title TEXT NOT NULL,
      test INTEGER NOT NULL DEFAULT 0,
      status TEXT NOT NULL CHECK (status IN ('sending', 'retrying', 'sent', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      next_attempt_at INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX notification_deliveries_created ON notification_deliveries (created_at DESC, id DESC);
  `,
};
