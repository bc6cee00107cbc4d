import { z } from "zod";
import { CONTROL_ACTIONS, type ControlAction } from "@/lib/connectors/types";
import { getMonitor } from "@/lib/fleet/instance";
import { errorResponse, json, parseBody } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

const BatchBody = z
  .object({
    action: z.enum(CONTROL_ACTIONS as [ControlAction, ...ControlAction[]]),
    ids: z.array(z.string().min(1).max(700)).min(1).max(500),
  })
  .strict();

// POST /api/actions — one action on many processes (a group, all that gave up); a result per id.
export async function POST(request: Request): Promise<Response> {
  try {
    const { action, ids } = await parseBody(request, BatchBody);
    return json({ results: await getMonitor().controlMany([...new Set(ids)], action) });
  } catch (e) {
    return errorResponse(e);
  }
}
