import { assertProcessVisible } from "@/lib/auth/host-scope";
import { json, parseBody } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";
import { ApplyPolicyBody } from "@/lib/policies/change-request";
import { applyProcessPolicy, applyView, readProcessPolicy } from "@/lib/policies/verbs";

export const dynamic = "force-dynamic";

// GET /api/processes/:id/policy — the restart policy in force, where each value comes from, and advice.
export const GET = withRoute<{ id: string }>({ role: "viewer" }, async ({ params, user }) => {
  assertProcessVisible(user, params.id);
  return json(await readProcessPolicy(params.id));
});

// POST /api/processes/:id/policy — apply a typed change (admin, audited); answers the policy read back.
export const POST = withRoute<{ id: string }>({ role: "admin" }, async ({ request, params, user, audit }) => {
  assertProcessVisible(user, params.id);
  const body = await parseBody(request, ApplyPolicyBody);
  const result = await applyProcessPolicy({ name: user.name, audit }, params.id, body.change, { resetAndStart: body.resetAndStart });
  return json(applyView(result));
});
