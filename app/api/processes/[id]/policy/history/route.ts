import { assertProcessVisible } from "@/lib/auth/host-scope";
import { json } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";
import { listProcessPolicyHistory } from "@/lib/policies/verbs";

export const dynamic = "force-dynamic";

// GET /api/processes/:id/policy/history — every applied policy change, newest first, as diffs.
export const GET = withRoute<{ id: string }>({ role: "viewer" }, ({ params, user }) => {
  assertProcessVisible(user, params.id);
  return json({ entries: listProcessPolicyHistory(params.id) });
});
