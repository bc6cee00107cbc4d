import { errorResponse } from "@/lib/http/errors";
import { openSharedIncident, requestSignedIn } from "@/lib/incidents/share-request";
import { SHARE_HEADERS, shareNotFound } from "@/lib/incidents/shares";
import { snapshotText } from "@/lib/incidents/snapshot";
import { RespawnError } from "@/lib/util/errors";

export const dynamic = "force-dynamic";

// GET /api/share/:token/download — the shared incident's lines as a text file.
export async function GET(request: Request, ctx: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await ctx.params;
    const answer = openSharedIncident(token, () => requestSignedIn(request));
    if (!answer.ok) {
      if (answer.reason === "sign-in") throw new RespawnError("UNAUTHENTICATED", "sign in to open this link");
      return shareNotFound();
    }
    const { incident } = answer.share;
    return new Response(snapshotText(incident.title, incident.snapshot), {
      headers: {
        ...SHARE_HEADERS,
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Disposition": `attachment; filename="incident-${incident.id}.txt"`,
      },
    });
  } catch (e) {
    const res = errorResponse(e);
    for (const [k, v] of Object.entries(SHARE_HEADERS)) res.headers.set(k, v);
    return res;
  }
}
