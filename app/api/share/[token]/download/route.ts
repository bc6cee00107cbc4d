import { shareRoute } from "@/lib/incidents/share-request";
import { SHARE_HEADERS } from "@/lib/incidents/shares";
import { snapshotText } from "@/lib/incidents/snapshot";

export const dynamic = "force-dynamic";

// GET /api/share/:token/download — the shared incident's lines as a text file.
export const GET = shareRoute(({ incident }) =>
  new Response(snapshotText(incident.title, incident.snapshot), {
    headers: {
      ...SHARE_HEADERS,
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": `attachment; filename="incident-${incident.id}.txt"`,
    },
  }),
);
