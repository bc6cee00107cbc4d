import { getMonitor } from "@/lib/fleet/instance";
import { errorResponse, json } from "@/lib/http/errors";
import { parseLogQuery } from "@/lib/http/log-query";

export const dynamic = "force-dynamic";

// GET /api/processes/:id/logs — the tail of a log, or what follows a cursor.
export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    const q = parseLogQuery(request.url);
    const options = { cursor: q.cursor ?? null, maxBytes: q.maxBytes ?? 64 * 1024, maxLines: q.maxLines ?? 500 };
    return json(await getMonitor().readLog(id, q.stream, options));
  } catch (e) {
    return errorResponse(e);
  }
}
