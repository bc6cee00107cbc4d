import { assertProcessVisible } from "@/lib/auth/host-scope";
import { getRuntime, startRuntime } from "@/lib/fleet/instance";
import { json } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";
import { queryUsageMinutes, USAGE_KEEP_MS } from "@/lib/store/usage-minutes";

export const dynamic = "force-dynamic";

// GET /api/processes/:id/usage/history — CPU % and memory per minute over the last 24 h, oldest first.
export const GET = withRoute<{ id: string }>({ role: "viewer" }, ({ params, user }) => {
  assertProcessVisible(user, params.id);
  const runtime = getRuntime() ?? startRuntime();
  const now = Date.now();
  return json({ minutes: queryUsageMinutes(runtime.history.store.db, params.id, now - USAGE_KEEP_MS), now });
});
