import { z } from "zod";
import { assertProcessVisible } from "@/lib/auth/host-scope";
import { getMonitor } from "@/lib/fleet/instance";
import { json, parseBody } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";
import { findIncidents, readIncident } from "@/lib/incidents/incidents";
import { createManualIncident, ManualIncident } from "@/lib/incidents/manual";
import { incidentDb, liveSources, notifyOpened } from "@/lib/incidents/runtime";

export const dynamic = "force-dynamic";

const ListQuery = z.object({
  status: z.enum(["open", "resolved"]).optional(),
  host: z.string().max(200).optional(),
  process: z.string().max(600).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

// GET /api/incidents — incidents newest first, by status, host or process, on the hosts the user may see.
export const GET = withRoute({ role: "viewer" }, ({ request, user }) => {
  const q = ListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const incidents = findIncidents(incidentDb(), { status: q.status, hostId: q.host, processId: q.process, hosts: user.hosts, limit: q.limit });
  return json({ incidents });
});

// POST /api/incidents — an incident from selected log lines or the last N minutes of a process's logs.
export const POST = withRoute({ role: "operator" }, async ({ request, user, audit }) => {
  const body = await parseBody(request, ManualIncident);
  assertProcessVisible(user, body.processId);
  const { process } = getMonitor().getProcess(body.processId);
  const id = await createManualIncident(incidentDb(), liveSources(), process, body, user.name);
  audit({ action: "incident.create", target: `incident ${id} (${process.hostId} ${process.name})`, result: "ok" });
  notifyOpened({ id, title: readIncident(incidentDb(), id).title, processName: process.name, hostId: process.hostId });
  return json({ id }, { status: 201 });
});
