import type { Db } from "./open-store";
import { stmt } from "./statements";

export interface SessionRow {
  tokenHash: string;
  userId: number;
  createdAt: number;
  lastSeenAt: number;
  /** Absolute end: the session dies then, however active. */
  expiresAt: number;
}

interface Row {
  token_hash: string;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export function insertSession(db: Db, s: SessionRow, address: string | null): void {
  stmt(
    db,
    `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, address)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(s.tokenHash, s.userId, s.createdAt, s.lastSeenAt, s.expiresAt, address);
}

export function getSession(db: Db, tokenHash: string): SessionRow | undefined {
  const r = stmt(db, "SELECT * FROM sessions WHERE token_hash = ?").get(tokenHash) as Row | undefined;
  return (
    r && {
      tokenHash: r.token_hash,
      userId: r.user_id,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      expiresAt: r.expires_at,
    }
  );
}

export function touchSession(db: Db, tokenHash: string, at: number): void {
  stmt(db, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?").run(at, tokenHash);
}

export function deleteSession(db: Db, tokenHash: string): void {
  stmt(db, "DELETE FROM sessions WHERE token_hash = ?").run(tokenHash);
}

/** Ends every session of a user but `keepTokenHash` (the one making the change, if any). */
export function deleteUserSessions(db: Db, userId: number, keepTokenHash: string | null = null): number {
  return stmt(db, "DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?").run(userId, keepTokenHash).changes;
}

/** Drops sessions past their absolute end or idle too long. */
export function deleteExpiredSessions(db: Db, now: number, idleMs: number): number {
  return stmt(db, "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?").run(now, now - idleMs).changes;
}
