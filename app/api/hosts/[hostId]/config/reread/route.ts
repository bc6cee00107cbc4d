import { z } from "zod";
import { canSeeHost } from "@/lib/auth/host-scope";
import { readHostConfigChanges } from "@/lib/config-update/verbs";
import { getMonitor } from "@/lib/fleet/instance";
import { json, parseBody } from "@/lib/http/errors";
import { refuseGet, withRoute } from "@/lib/http/route";
import { RespawnError } from "@/lib/util/errors";

export const dynamic = "force-dynamic";

const Empty = z.object({}).strict();

// POST /api/hosts/:hostId/config/reread — re-read the host's supervisord files (admin); answers added/changed/removed groups.
// A POST, not a GET: supervisord's reread replaces the configuration it holds in memory.
export const POST = withRoute<{ hostId: string }>({ role: "admin" }, async ({ request, params, user }) => {
  if (!canSeeHost(user, params.hostId)) throw new RespawnError("NOT_FOUND", `no host "${params.hostId}"`);
  await parseBody(request, Empty);
  return json(await readHostConfigChanges(getMonitor(), params.hostId));
});

export const GET = refuseGet;
