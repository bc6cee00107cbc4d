import { assertProcessVisible } from "@/lib/auth/host-scope";
import { json, parseBody } from "@/lib/http/errors";
import { refuseGet, withRoute } from "@/lib/http/route";
import { PlanPolicyBody } from "@/lib/policies/change-request";
import { planProcessPolicy } from "@/lib/policies/verbs";

export const dynamic = "force-dynamic";

// POST /api/processes/:id/policy/plan — the exact file change as a diff; nothing is written.
export const POST = withRoute<{ id: string }>({ role: "admin" }, async ({ request, params, user }) => {
  assertProcessVisible(user, params.id);
  const { change } = await parseBody(request, PlanPolicyBody);
  return json(await planProcessPolicy(params.id, change));
});

export const GET = refuseGet;
