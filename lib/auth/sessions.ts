import { createHash, randomBytes } from "node:crypto";
import { deleteExpiredSessions, deleteSession, getSession, insertSession, touchSession } from "@/lib/store/sessions";
import { getUserById, type User } from "@/lib/store/users";
import type { Db } from "@/lib/store/open-store";

import { BASE_PATH } from "@/lib/util/base-path";
import { SESSION_COOKIE } from "./session-cookie";

export { SESSION_COOKIE };

const minutes = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return (Number.isFinite(v) && v > 0 ? v : fallback) * 60_000;
};

/** A session dies after this long without a request… */
export const sessionIdleMs = () => minutes("RESPAWN_SESSION_IDLE_MINUTES", 8 * 60);
/** …and at the latest this long after sign-in. */
export const sessionMaxMs = () => minutes("RESPAWN_SESSION_MAX_MINUTES", 7 * 24 * 60);

// Touching last_seen on every request would write on every poll; a minute of slack is enough.
const TOUCH_EVERY_MS = 60_000;

/** SHA-256 of a token: the store never holds a token that would open a session. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Opens a session for a user; returns the token for the cookie (256 random bits). */
export function createSession(db: Db, userId: number, address: string | null, now = Date.now()): string {
  const token = randomBytes(32).toString("base64url");
  deleteExpiredSessions(db, now, sessionIdleMs());
  insertSession(
    db,
    { tokenHash: hashToken(token), userId, createdAt: now, lastSeenAt: now, expiresAt: now + sessionMaxMs() },
    address,
  );
  return token;
}

export interface ActiveSession {
  user: User;
  tokenHash: string;
  expiresAt: number;
}

/** The signed-in user of a token, or null (unknown, expired, idle, or user disabled). */
export function resolveSession(db: Db, token: string | undefined, now = Date.now()): ActiveSession | null {
  if (!token || token.length > 100) return null;
  const tokenHash = hashToken(token);
  const s = getSession(db, tokenHash);
  if (!s) return null;
  const user = getUserById(db, s.userId);
  if (!user || user.disabled || s.expiresAt <= now || now - s.lastSeenAt >= sessionIdleMs()) {
    deleteSession(db, tokenHash);
    return null;
  }
  if (now - s.lastSeenAt > TOUCH_EVERY_MS) touchSession(db, tokenHash, now);
  return { user, tokenHash, expiresAt: s.expiresAt };
}

/** The Set-Cookie value for a new session (or, with an empty token, one that clears it). */
export function sessionCookie(token: string, secure: boolean): string {
  // Under a sub-path the cookie stays there: other apps on the same host never receive it.
  const parts = [`${SESSION_COOKIE}=${token}`, `Path=${BASE_PATH || "/"}`, "HttpOnly", "SameSite=Strict"];
  if (token) parts.push(`Max-Age=${Math.floor(sessionMaxMs() / 1000)}`);
  else parts.push("Max-Age=0");
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

/** Whether cookies must be Secure: served over https (directly or behind a proxy), or forced by env. */
export function isSecureRequest(request: Request): boolean {
  if (process.env.RESPAWN_COOKIE_SECURE === "1") return true;
  if (new URL(request.url).protocol === "https:") return true;
  return request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/** The session token from a Cookie header. */
export function readSessionToken(cookieHeader: string | null): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === SESSION_COOKIE) return v.join("=");
  }
  return undefined;
}

/** Whether a session still stands (not ended, expired, or its user disabled): long streams recheck it. */
export function isSessionAlive(db: Db, tokenHash: string, now = Date.now()): boolean {
  const s = getSession(db, tokenHash);
  if (!s || s.expiresAt <= now) return false;
  const user = getUserById(db, s.userId);
  return Boolean(user && !user.disabled);
}
