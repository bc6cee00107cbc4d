import { filterSnapshot } from "@/lib/auth/host-scope";
import { getMonitor } from "@/lib/fleet/instance";
import { json } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/fleet — every endpoint and every process (of the user's hosts), as last seen.
export const GET = withRoute({ role: "viewer" }, ({ user }) => json(filterSnapshot(user, getMonitor().snapshot())));
