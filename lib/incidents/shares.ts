import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/store/open-store";
import { findShareByHash, getShare, insertShare, listShares, revokeShare, type ShareAccess, type StoredShare } from "@/lib/store/shares";
import { RespawnError } from "@/lib/util/errors";
import { readIncident } from "./incidents";
import type { Incident } from "./types";

export type { ShareAccess };

export const SHARE_EXPIRIES = { "1h": 3_600_000, "1d": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000, never: null } as const;
export type ShareExpiry = keyof typeof SHARE_EXPIRIES;

/** 32 random bytes in base64url: 256 bits, 43 characters. */
const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A share link as its incident's page shows it: never the token, never its hash. */
export interface ShareView {
  id: number;
  incidentId: number;
  access: ShareAccess;
  createdBy: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  revokedBy: string | null;
  /** active | expired | revoked, as of when it was read. */
  status: "active" | "expired" | "revoked";
}

export function hashShareToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function toView(s: StoredShare, now: number): ShareView {
  const status = s.revokedAt !== null ? "revoked" : s.expiresAt !== null && s.expiresAt <= now ? "expired" : "active";
  return {
    id: s.id,
    incidentId: s.incidentId,
    access: s.access,
    createdBy: s.createdBy,
    createdAt: s.createdAt,
    expiresAt: s.expiresAt,
    revokedAt: s.revokedAt,
    revokedBy: s.revokedBy,
    status,
  };
}

/**
 * Creates a link to an incident and returns its token, shown this once: only its SHA-256 is
 * stored. A link that never expires is an admin's choice.
 */
export function createShareLink(
  db: Db,
  input: { incidentId: number; expiry: ShareExpiry; access: ShareAccess; actor: string; isAdmin: boolean },
  now = Date.now(),
): { token: string; share: ShareView } {
  if (input.expiry === "never" && !input.isAdmin) throw new RespawnError("FORBIDDEN", "only an admin may create a link that never expires");
  readIncident(db, input.incidentId);
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  const ttl = SHARE_EXPIRIES[input.expiry];
  const id = insertShare(db, {
    incidentId: input.incidentId,
    tokenHash: hashShareToken(token),
    access: input.access,
    createdBy: input.actor,
    createdAt: now,
    expiresAt: ttl === null ? null : now + ttl,
  });
  return { token, share: toView(getShare(db, id)!, now) };
}

export function listShareLinks(db: Db, incidentId: number, now = Date.now()): ShareView[] {
  return listShares(db, incidentId).map((s) => toView(s, now));
}

/** Revokes a link; NOT_FOUND when the incident has no such active link. */
export function revokeShareLink(db: Db, incidentId: number, shareId: number, actor: string, now = Date.now()): void {
  if (!revokeShare(db, shareId, incidentId, now, actor)) throw new RespawnError("NOT_FOUND", "no such active link");
}

export interface OpenedShare {
  incident: Incident;
  access: ShareAccess;
  expiresAt: number | null;
}

/**
 * The incident a token opens, or null. Malformed, oversize, unknown, revoked and expired tokens
 * all give the same null, and all but the malformed ones after the same one indexed lookup.
 */
export function openShareToken(db: Db, token: string, now = Date.now()): OpenedShare | null {
  if (!TOKEN_SHAPE.test(token)) return null;
  const share = findShareByHash(db, hashShareToken(token));
  if (!share || share.revokedAt !== null || (share.expiresAt !== null && share.expiresAt <= now)) return null;
  try {
    return { incident: readIncident(db, share.incidentId), access: share.access, expiresAt: share.expiresAt };
  } catch {
    return null;
  }
}

/** What a shared link shows: the snapshot and its words, none of the dashboard's users. */
export function sharedView(o: OpenedShare) {
  const { incident } = o;
  return {
    title: incident.title,
    comment: incident.comment,
    kind: incident.kind,
    status: incident.status,
    openedAt: incident.openedAt,
    expiresAt: o.expiresAt,
    snapshot: incident.snapshot,
  };
}
export type SharedIncident = ReturnType<typeof sharedView>;

/** Headers of everything a shared link serves: no referrer leaves, no index keeps it, no cache. */
export const SHARE_HEADERS = {
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex, nofollow",
  "Cache-Control": "no-store",
} as const;

/** The one answer for every token that opens nothing: same status, same body. */
export function shareNotFound(): Response {
  return Response.json({ error: { code: "NOT_FOUND", message: "no such link" } }, { status: 404, headers: SHARE_HEADERS });
}
