import { assertProcessVisible } from "@/lib/auth/host-scope";
import { getMonitor } from "@/lib/fleet/instance";
import { json } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/processes/:id/usage — CPU time, memory and tasks now (`{ usage: null }` where unknown).
export const GET = withRoute<{ id: string }>({ role: "viewer" }, async ({ params, user }) => {
  assertProcessVisible(user, params.id);
  return json({ usage: await getMonitor().readUsage(params.id) });
});
