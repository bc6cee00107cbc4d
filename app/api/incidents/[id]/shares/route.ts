import { z } from "zod";
import { roleAtLeast } from "@/lib/auth/roles";
import { json, parseBody } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";
import { readIncident } from "@/lib/incidents/incidents";
import { incidentDb } from "@/lib/incidents/runtime";
import { createShareLink, listShareLinks } from "@/lib/incidents/shares";
import { withBasePath } from "@/lib/util/base-path";

export const dynamic = "force-dynamic";

const NewShare = z.object({
  expiry: z.enum(["1h", "1d", "7d", "30d", "never"]),
  access: z.enum(["anyone", "signed-in"]),
});

// GET /api/incidents/:id/shares — the incident's links (never their tokens).
export const GET = withRoute<{ id: string }>({ role: "operator" }, ({ params, user }) => {
  const db = incidentDb();
  const incident = readIncident(db, Number(params.id), user.hosts);
  return json({ shares: listShareLinks(db, incident.id) });
});

// POST /api/incidents/:id/shares — a new link; its token is in this answer only.
export const POST = withRoute<{ id: string }>({ role: "operator" }, async ({ request, params, user, audit }) => {
  const body = await parseBody(request, NewShare);
  const db = incidentDb();
  const incident = readIncident(db, Number(params.id), user.hosts);
  const target = `incident ${incident.id}`;
  const detail = `expires ${body.expiry}, ${body.access === "anyone" ? "anyone with the link" : "signed-in users"}`;
  if (body.expiry === "never" && !roleAtLeast(user.role, "admin")) {
    audit({ action: "share.create", target, result: "denied", detail });
  }
  const { token, share } = createShareLink(db, { incidentId: incident.id, ...body, actor: user.name, isAdmin: roleAtLeast(user.role, "admin") });
  audit({ action: "share.create", target: `${target} link ${share.id}`, result: "ok", detail });
  return json({ token, path: withBasePath(`/s/${token}`), share }, { status: 201 });
});
