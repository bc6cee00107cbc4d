import { getAuthDb } from "./db";
import { readSessionToken, resolveSession, type ActiveSession } from "./sessions";

/**
 * The client address, for rate limits and the audit log. Next sets X-Forwarded-For from the
 * socket unless the request already has one; a reverse proxy in front must append (or set) the
 * real client, and the last entry is the one the nearest hop vouches for.
 */
export function clientAddress(request: Request): string | null {
  const xff = request.headers.get("x-forwarded-for");
  const last = xff?.split(",").at(-1)?.trim();
  return last ? last.slice(0, 100) : null;
}

/** The session of a request's cookie, or null when it has none that is valid. */
export function authenticate(request: Request): ActiveSession | null {
  return resolveSession(getAuthDb(), readSessionToken(request.headers.get("cookie")));
}
