import { getAuthDb } from "./db";
import { readSessionToken, resolveSession, type ActiveSession } from "./sessions";

/**
 * The client address, for rate limits and the audit log. X-Forwarded-For from a client that is
 * not in trustProxy is dropped on arrival (lib/http/trust-proxy.ts) and Next then sets it to the
 * socket's peer; a trusted proxy sets (or appends) the real client, the last entry.
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
