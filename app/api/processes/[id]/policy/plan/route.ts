import { z } from "zod";
import { assertProcessVisible } from "@/lib/auth/host-scope";
import { json, parseBody } from "@/lib/http/errors";
import { refuseGet, withRoute } from "@/lib/http/route";
import { planProcessPolicy } from "@/lib/policies/verbs";

export const dynamic = "force-dynamic";

const PlanBody = z.object({ change: z.record(z.string(), z.unknown()) }).strict();

// POST /api/processes/:id/policy/plan — the exact file change as a diff; nothing is written.
export const POST = withRoute<{ id: string }>({ role: "admin" }, async ({ request, params, user }) => {
  assertProcessVisible(user, params.id);
  const { change } = await parseBody(request, PlanBody);
  return json(await planProcessPolicy(params.id, change));
});

export const GET = refuseGet;
