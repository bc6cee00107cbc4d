import { authenticate } from "@/lib/auth/request";
import { incidentDb } from "./runtime";
import { errorResponse } from "@/lib/http/errors";
import { RespawnError } from "@/lib/util/errors";
import { SHARE_HEADERS, openShareToken, shareNotFound, type OpenedShare } from "./shares";

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

type ShareContext = { params: Promise<{ token: string }> };

/**
 * A GET handler for a share link's routes: opens the token for this request, answers every dead
 * token with the same not-found, asks for sign-in where the link needs it, and sends the share
 * headers (no referrer, not indexable, not stored) on every answer, errors included.
 */
export function shareRoute(render: (share: OpenedShare) => Response) {
  return async (request: Request, ctx: ShareContext): Promise<Response> => {
    try {
      const { token } = await ctx.params;
      const answer = openSharedIncident(token, () => requestSignedIn(request));
      if (!answer.ok) {
        if (answer.reason === "sign-in") throw new RespawnError("UNAUTHENTICATED", "sign in to open this link");
        return shareNotFound();
      }
      return render(answer.share);
    } catch (e) {
      const res = errorResponse(e);
      for (const [k, v] of Object.entries(SHARE_HEADERS)) res.headers.set(k, v);
      return res;
    }
  };
}
