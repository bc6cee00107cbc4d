/** Restart-policy history: every applied change with who, when, and the file before and after. */
export const migration003 = {
  version: 3,
  name: "policies",
  sql: `
    CREATE TABLE policy_changes (
      id INTEGER PRIMARY KEY,
      process_id TEXT NOT NULL,
      host_id TEXT NOT NULL,
      manager TEXT NOT NULL,
      name TEXT NOT NULL,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      kind TEXT NOT NULL,
      restored_from INTEGER,
      path TEXT NOT NULL,
      owned_before TEXT NOT NULL,
      owned_after TEXT NOT NULL,
      text_before TEXT NOT NULL,
      text_after TEXT NOT NULL,
      ok INTEGER NOT NULL,
      rolled_back INTEGER NOT NULL,
      message TEXT NOT NULL
    );
    CREATE INDEX policy_changes_process ON policy_changes (process_id, at DESC, id DESC);
  `,
} as const;
