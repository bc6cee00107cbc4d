import { errorResponse } from "@/lib/http/errors";
import { openSharedIncident, requestSignedIn } from "@/lib/incidents/share-request";
import { SHARE_HEADERS, shareNotFound, sharedView } from "@/lib/incidents/shares";
import { RespawnError } from "@/lib/util/errors";

export const dynamic = "force-dynamic";

// GET /api/share/:token — the frozen incident a share link opens; no session needed for "anyone" links.
export async function GET(request: Request, ctx: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await ctx.params;
    const answer = openSharedIncident(token, () => requestSignedIn(request));
    if (!answer.ok) {
      if (answer.reason === "sign-in") throw new RespawnError("UNAUTHENTICATED", "sign in to open this link");
      return shareNotFound();
    }
    return Response.json(sharedView(answer.share), { headers: SHARE_HEADERS });
  } catch (e) {
    const res = errorResponse(e);
    for (const [k, v] of Object.entries(SHARE_HEADERS)) res.headers.set(k, v);
    return res;
  }
}
