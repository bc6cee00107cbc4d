import { z } from "zod";
import { assertProcessVisible } from "@/lib/auth/host-scope";
import { json, parseBody } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";
import { applyProcessPolicy, applyView, readProcessPolicy } from "@/lib/policies/verbs";

export const dynamic = "force-dynamic";

// The change itself is checked against the manager's typed fields inside the verb.
const ApplyBody = z.object({ change: z.record(z.string(), z.unknown()), resetAndStart: z.boolean().optional() }).strict();

// GET /api/processes/:id/policy — the restart policy in force, where each value comes from, and advice.
export const GET = withRoute<{ id: string }>({ role: "viewer" }, async ({ params, user }) => {
  assertProcessVisible(user, params.id);
  return json(await readProcessPolicy(params.id));
});

// POST /api/processes/:id/policy — apply a typed change (admin, audited); answers the policy read back.
export const POST = withRoute<{ id: string }>({ role: "admin" }, async ({ request, params, user, audit }) => {
  assertProcessVisible(user, params.id);
  const body = await parseBody(request, ApplyBody);
  const result = await applyProcessPolicy({ name: user.name, audit }, params.id, body.change, { resetAndStart: body.resetAndStart });
  return json(applyView(result));
});
