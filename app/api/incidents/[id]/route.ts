import { z } from "zod";
import { json, parseBody } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";
import { changeIncidentStatus, readIncident } from "@/lib/incidents/incidents";
import { incidentDb } from "@/lib/incidents/runtime";

export const dynamic = "force-dynamic";

const StatusChange = z.object({ status: z.enum(["open", "resolved"]) });

// GET /api/incidents/:id — one incident with its frozen snapshot.
export const GET = withRoute<{ id: string }>({ role: "viewer" }, ({ params, user }) => {
  return json(readIncident(incidentDb(), Number(params.id), user.hosts));
});

// PATCH /api/incidents/:id — resolve or reopen.
export const PATCH = withRoute<{ id: string }>({ role: "operator" }, async ({ request, params, user, audit }) => {
  const { status } = await parseBody(request, StatusChange);
  const db = incidentDb();
  const incident = readIncident(db, Number(params.id), user.hosts);
  changeIncidentStatus(db, incident.id, status, user.name);
  audit({ action: status === "resolved" ? "incident.resolve" : "incident.reopen", target: `incident ${incident.id}`, result: "ok" });
  return json({ id: incident.id, status });
});
