import { authenticate } from "@/lib/auth/request";
import { incidentDb } from "./runtime";
import { openShareToken, type OpenedShare } from "./shares";

export type ShareAnswer = { ok: true; share: OpenedShare } | { ok: false; reason: "not-found" | "sign-in" };

/**
 * What a token opens for this request: a link for signed-in users only asks an anonymous
 * caller to sign in; every token that opens nothing is "not-found", whatever the reason.
 */
export function openSharedIncident(token: string, signedIn: () => boolean): ShareAnswer {
  const share = openShareToken(incidentDb(), token);
  if (!share) return { ok: false, reason: "not-found" };
  if (share.access === "signed-in" && !signedIn()) return { ok: false, reason: "sign-in" };
  return { ok: true, share };
}

/** Whether an API request carries a valid session. */
export function requestSignedIn(request: Request): boolean {
  try {
    return authenticate(request) !== null;
  } catch {
    return false;
  }
}
