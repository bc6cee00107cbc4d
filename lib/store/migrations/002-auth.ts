/** Sign-in: local users, their sessions (token hashes only), and the append-only audit log. */
export const migration002 = {
  version: 2,
  name: "auth",
  sql: `
    CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE COLLATE NOCASE,
      role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
      password_hash TEXT NOT NULL,
      hosts TEXT,
      disabled INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );

    CREATE TABLE sessions (
      token_hash TEXT PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      address TEXT
    );
    CREATE INDEX sessions_user ON sessions (user_id);

    CREATE TABLE audit (
      id INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT,
      result TEXT NOT NULL,
      detail TEXT,
      address TEXT
    );
    CREATE INDEX audit_at ON audit (at);
    CREATE INDEX audit_actor_at ON audit (actor, at);
    CREATE INDEX audit_action_at ON audit (action, at);
    -- Entries are never rewritten; only retention may remove old ones.
    CREATE TRIGGER audit_append_only BEFORE UPDATE ON audit
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  `,
};
