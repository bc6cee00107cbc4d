import { z } from "zod";
import { CONTROL_ACTIONS, type ControlAction } from "@/lib/connectors/types";
import { getMonitor } from "@/lib/fleet/instance";
import { errorResponse, json, parseBody } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

const ActionBody = z.object({ action: z.enum(CONTROL_ACTIONS as [ControlAction, ...ControlAction[]]) }).strict();

// POST /api/processes/:id/actions — run start/stop/restart/reset-and-start; answers the real outcome.
export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    const { action } = await parseBody(request, ActionBody);
    return json(await getMonitor().control(id, action));
  } catch (e) {
    return errorResponse(e);
  }
}
