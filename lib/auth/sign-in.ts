import { appendAudit } from "@/lib/audit/append";
import { createRateLimiter, type RateLimiter } from "@/lib/http/rate-limit";
import { countSignInFailure } from "@/lib/metrics/observers";
import type { Db } from "@/lib/store/open-store";
import { deleteUserSessions } from "@/lib/store/sessions";
import { getUserCredentials, type User } from "@/lib/store/users";
import { RespawnError } from "@/lib/util/errors";
import { verifyDummyPassword, verifyPassword } from "./password";
import { createSession } from "./sessions";

const MINUTE = 60_000;

// Shared by every route bundle of this server process.
const slot = globalThis as typeof globalThis & { __respawnSignInLimits?: { user: RateLimiter; address: RateLimiter } };

function limits() {
  slot.__respawnSignInLimits ??= {
    // 5 failures in 15 min lock a name for 15 min, doubling on each further lock (at most a day).
    user: createRateLimiter({ maxFailures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE, maxLockMs: 24 * 60 * MINUTE }),
    // One address may try a few names (people mistype), not spray passwords over many.
    address: createRateLimiter({ maxFailures: 20, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE, maxLockMs: 24 * 60 * MINUTE }),
  };
  return slot.__respawnSignInLimits;
}

const WRONG = "wrong user name or password";

function locked(ms: number): RespawnError {
  return new RespawnError("RATE_LIMITED", `too many failed sign-ins: try again in ${Math.ceil(ms / MINUTE)} min`);
}

/**
 * Checks a name and password and opens a session. Unknown names, disabled users and wrong
 * passwords get the same answer after the same work; every attempt is audited.
 */
export async function signIn(db: Db, name: string, password: string, address: string | null): Promise<{ token: string; user: User }> {
  const l = limits();
  const userKey = name.toLowerCase();
  const addressKey = address ?? "unknown";
  const wait = Math.max(l.user.retryAfter(userKey), l.address.retryAfter(addressKey));
  // Until the password checks out, the caller is nobody: the name typed is only the target.
  const audit = (result: string, detail: string | null = null, actor = "anonymous") => {
    if (result !== "ok") countSignInFailure(result);
    appendAudit(db, { actor, address, action: "auth.sign-in", target: name, result, detail });
  };
  if (wait > 0) {
    audit("locked");
    throw locked(wait);
  }
  const creds = getUserCredentials(db, name);
  const ok = creds ? await verifyPassword(password, creds.passwordHash) : await verifyDummyPassword(password);
  if (!ok || !creds || creds.user.disabled) {
    const lock = Math.max(l.user.fail(userKey), l.address.fail(addressKey));
    audit("failed", lock > 0 ? `locked for ${Math.ceil(lock / MINUTE)} min` : null);
    throw lock > 0 ? locked(lock) : new RespawnError("UNAUTHENTICATED", WRONG);
  }
  l.user.reset(userKey);
  const token = createSession(db, creds.user.id, address);
  audit("ok", null, creds.user.name);
  return { token, user: creds.user };
}

/** Sign-out ends every session of the user, on every device. */
export function signOut(db: Db, user: User, address: string | null): void {
  db.transaction(() => {
    deleteUserSessions(db, user.id);
    appendAudit(db, { actor: user.name, address, action: "auth.sign-out", target: user.name, result: "ok" });
  })();
}
