import { canSeeProcess } from "@/lib/auth/host-scope";
import { getUsageSampler } from "@/lib/fleet/instance";
import { json } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/usage — the shared sampler's latest CPU % and memory of every running process (the user's hosts only).
export const GET = withRoute({ role: "viewer" }, ({ user }) => {
  const samples = Object.fromEntries(
    [...getUsageSampler().current()].filter(([id]) => canSeeProcess(user, id)),
  );
  return json({ everyMs: getUsageSampler().everyMs, samples });
});
