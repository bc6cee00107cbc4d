import { getMonitor } from "@/lib/fleet/instance";
import { errorResponse, json } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

// GET /api/processes/:id — one process as last seen, with its endpoint's status.
export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    return json(getMonitor().getProcess(id));
  } catch (e) {
    return errorResponse(e);
  }
}
