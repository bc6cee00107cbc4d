import { assertProcessVisible } from "@/lib/auth/host-scope";
import { getMonitor } from "@/lib/fleet/instance";
import { json } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/processes/:id — one process as last seen, with its endpoint's status.
export const GET = withRoute<{ id: string }>({ role: "viewer" }, ({ params, user }) => {
  assertProcessVisible(user, params.id);
  return json(getMonitor().getProcess(params.id));
});
