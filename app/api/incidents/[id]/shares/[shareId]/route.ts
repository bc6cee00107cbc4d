import { json } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";
import { readIncident } from "@/lib/incidents/incidents";
import { incidentDb } from "@/lib/incidents/runtime";
import { revokeShareLink } from "@/lib/incidents/shares";

export const dynamic = "force-dynamic";

// DELETE /api/incidents/:id/shares/:shareId — revokes a link: from now on it answers like one that never existed.
export const DELETE = withRoute<{ id: string; shareId: string }>({ role: "operator" }, ({ params, user, audit }) => {
  const db = incidentDb();
  const incident = readIncident(db, Number(params.id), user.hosts);
  revokeShareLink(db, incident.id, Number(params.shareId), user.name);
  audit({ action: "share.revoke", target: `incident ${incident.id} link ${params.shareId}`, result: "ok" });
  return json({ revoked: true });
});
