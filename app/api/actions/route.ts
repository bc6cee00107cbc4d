import { z } from "zod";
import { controlManyAudited } from "@/lib/audit/control";
import { CONTROL_ACTIONS, type ControlAction } from "@/lib/connectors/types";
import { json, parseBody } from "@/lib/http/errors";
import { refuseGet, withRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const BatchBody = z
  .object({
    action: z.enum(CONTROL_ACTIONS as [ControlAction, ...ControlAction[]]),
    ids: z.array(z.string().min(1).max(700)).min(1).max(500),
  })
  .strict();

// POST /api/actions — one action on many processes (a group, all that gave up); a result per id, each audited.
export const POST = withRoute({ role: "operator" }, async ({ request, user, address }) => {
  const { action, ids } = await parseBody(request, BatchBody);
  return json({ results: await controlManyAudited({ user, address }, [...new Set(ids)], action) });
});

export const GET = refuseGet;
