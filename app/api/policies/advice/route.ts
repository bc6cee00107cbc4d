import { canSeeProcess } from "@/lib/auth/host-scope";
import { getMonitor } from "@/lib/fleet/instance";
import { json } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";
import { listAdvice } from "@/lib/policies/advice-cache";

export const dynamic = "force-dynamic";

// GET /api/policies/advice — advisor findings per process id, for the overview's "has advice" filter.
export const GET = withRoute({ role: "viewer" }, async ({ user }) => {
  const ids = getMonitor()
    .snapshot()
    .processes.filter((p) => !p.stale && canSeeProcess(user, p.id))
    .map((p) => p.id);
  return json({ advice: await listAdvice(ids) });
});
