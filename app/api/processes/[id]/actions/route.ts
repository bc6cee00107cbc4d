import { z } from "zod";
import { controlAudited } from "@/lib/audit/control";
import { CONTROL_ACTIONS, type ControlAction } from "@/lib/connectors/types";
import { json, parseBody } from "@/lib/http/errors";
import { refuseGet, withRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const ActionBody = z.object({ action: z.enum(CONTROL_ACTIONS as [ControlAction, ...ControlAction[]]) }).strict();

// POST /api/processes/:id/actions — run start/stop/restart/reset-and-start (audited); answers the real outcome.
export const POST = withRoute<{ id: string }>({ role: "operator" }, async ({ request, params, user, address }) => {
  const { action } = await parseBody(request, ActionBody);
  return json(await controlAudited({ user, address }, params.id, action));
});

export const GET = refuseGet;
