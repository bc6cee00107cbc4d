import { getMonitor } from "@/lib/fleet/instance";
import { errorResponse } from "@/lib/http/errors";
import { parseLogQuery } from "@/lib/http/log-query";
import { sseResponse } from "@/lib/http/sse";
import { toRespawnError } from "@/lib/util/errors";

export const dynamic = "force-dynamic";

// GET /api/processes/:id/logs/follow — live log lines (SSE events "chunk", then "error" if it fails).
export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    const q = parseLogQuery(request.url);
    const monitor = getMonitor();
    const cursor = q.cursor ?? (await monitor.readLog(id, q.stream, { cursor: null, maxBytes: 1 })).cursor;
    return sseResponse(request, (sink) => {
      void (async () => {
        try {
          for await (const chunk of monitor.followLog(id, q.stream, cursor, sink.signal)) sink.send(chunk, "chunk");
        } catch (e) {
          if (!sink.signal.aborted) sink.send(toRespawnError(e).toJSON(), "error");
        } finally {
          sink.close();
        }
      })();
    });
  } catch (e) {
    return errorResponse(e);
  }
}
