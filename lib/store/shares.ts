import type { Db } from "./open-store";
import { stmt } from "./statements";

export type ShareAccess = "anyone" | "signed-in";

export interface ShareRecord {
  incidentId: number;
  /** SHA-256 of the token, hex: the token itself is never stored. */
  tokenHash: string;
  access: ShareAccess;
  createdBy: string;
  createdAt: number;
  /** Epoch ms; null = never. */
  expiresAt: number | null;
}

export interface StoredShare extends ShareRecord {
  id: number;
  revokedAt: number | null;
  revokedBy: string | null;
}

interface Row {
  id: number;
  incident_id: number;
  token_hash: string;
  access: ShareAccess;
  created_by: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  revoked_by: string | null;
}

function fromRow(r: Row): StoredShare {
  return {
    id: r.id,
    incidentId: r.incident_id,
    tokenHash: r.token_hash,
    access: r.access,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
  };
}

export function insertShare(db: Db, s: ShareRecord): number {
  const info = stmt(
    db,
    "INSERT INTO shares (incident_id, token_hash, access, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
  ).run(s.incidentId, s.tokenHash, s.access, s.createdBy, s.createdAt, s.expiresAt);
  return Number(info.lastInsertRowid);
}

/** The share of a token hash (an indexed lookup), revoked or expired ones included. */
export function findShareByHash(db: Db, tokenHash: string): StoredShare | undefined {
  const r = stmt(db, "SELECT * FROM shares WHERE token_hash = ?").get(tokenHash) as Row | undefined;
  return r && fromRow(r);
}

export function getShare(db: Db, id: number): StoredShare | undefined {
  const r = stmt(db, "SELECT * FROM shares WHERE id = ?").get(id) as Row | undefined;
  return r && fromRow(r);
}

export function listShares(db: Db, incidentId: number): StoredShare[] {
  return (stmt(db, "SELECT * FROM shares WHERE incident_id = ? ORDER BY created_at DESC, id DESC").all(incidentId) as Row[]).map(fromRow);
}

/** Revokes a link of an incident; false when there is none or it was already revoked. */
export function revokeShare(db: Db, id: number, incidentId: number, at: number, by: string): boolean {
  const info = stmt(db, "UPDATE shares SET revoked_at = ?, revoked_by = ? WHERE id = ? AND incident_id = ? AND revoked_at IS NULL").run(
    at,
    by,
    id,
    incidentId,
  );
  return info.changes > 0;
}

/** Moves a link's expiry (tests and an admin's "expire now"). */
export function setShareExpiry(db: Db, id: number, expiresAt: number | null): void {
  stmt(db, "UPDATE shares SET expires_at = ? WHERE id = ?").run(expiresAt, id);
}
