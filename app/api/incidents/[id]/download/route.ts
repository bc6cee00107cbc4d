import { NO_STORE } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";
import { readIncident } from "@/lib/incidents/incidents";
import { incidentDb } from "@/lib/incidents/runtime";
import { snapshotText } from "@/lib/incidents/snapshot";

export const dynamic = "force-dynamic";

// GET /api/incidents/:id/download — the captured lines as a text file.
export const GET = withRoute<{ id: string }>({ role: "viewer" }, ({ params, user }) => {
  const incident = readIncident(incidentDb(), Number(params.id), user.hosts);
  return new Response(snapshotText(incident.title, incident.snapshot), {
    headers: {
      ...NO_STORE,
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": `attachment; filename="incident-${incident.id}.txt"`,
    },
  });
});
