import { shareRoute } from "@/lib/incidents/share-request";
import { SHARE_HEADERS, sharedView } from "@/lib/incidents/shares";

export const dynamic = "force-dynamic";

// GET /api/share/:token — the frozen incident a share link opens; no session needed for "anyone" links.
export const GET = shareRoute((share) => Response.json(sharedView(share), { headers: SHARE_HEADERS }));
