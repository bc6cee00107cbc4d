import { z } from "zod";
import { canSeeHost } from "@/lib/auth/host-scope";
import { applyHostConfigChanges } from "@/lib/config-update/verbs";
import { getMonitor } from "@/lib/fleet/instance";
import { json, parseBody } from "@/lib/http/errors";
import { refuseGet, withRoute } from "@/lib/http/route";
import { RespawnError } from "@/lib/util/errors";

export const dynamic = "force-dynamic";

const Names = z.array(z.string().min(1).max(200)).max(1000);
// The groups the admin was shown: applied only while a reread still finds exactly these.
const UpdateBody = z.object({ expected: z.object({ added: Names, changed: Names, removed: Names }).strict() }).strict();

// POST /api/hosts/:hostId/config/update — load the files' changes as supervisorctl update does (admin, audited); answers each group's outcome, read back.
export const POST = withRoute<{ hostId: string }>({ role: "admin" }, async ({ request, params, user, audit }) => {
  if (!canSeeHost(user, params.hostId)) throw new RespawnError("NOT_FOUND", `no host "${params.hostId}"`);
  const { expected } = await parseBody(request, UpdateBody);
  return json(await applyHostConfigChanges(getMonitor(), { audit }, params.hostId, expected));
});

export const GET = refuseGet;
