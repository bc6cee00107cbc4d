import { assertProcessVisible } from "@/lib/auth/host-scope";
import { endWithSession } from "@/lib/auth/stream-guard";
import { getMonitor } from "@/lib/fleet/instance";
import { parseLogQuery } from "@/lib/http/log-query";
import { withRoute } from "@/lib/http/route";
import { sseResponse } from "@/lib/http/sse";
import { toRespawnError } from "@/lib/util/errors";

export const dynamic = "force-dynamic";

// GET /api/processes/:id/logs/follow — live log lines (SSE events "chunk", then "error" if it fails).
export const GET = withRoute<{ id: string }>(
  { role: "viewer" },
  async ({ request, params, user, session }) => {
    const { id } = params;
    assertProcessVisible(user, id);
    const q = parseLogQuery(request.url);
    const monitor = getMonitor();
    const cursor =
      q.cursor ?? (await monitor.readLog(id, q.stream, { cursor: null, maxBytes: 1 })).cursor;
    return sseResponse(
      request,
      (sink) => {
        const unwatch = endWithSession(session.tokenHash, () => sink.close());
        void (async () => {
          try {
            for await (const chunk of monitor.followLog(id, q.stream, cursor, sink.signal))
              sink.send(chunk, "chunk");
          } catch (e) {
            if (!sink.signal.aborted) sink.send(toRespawnError(e).toJSON(), "error");
          } finally {
            unwatch();
            sink.close();
          }
        })();
        return unwatch;
      },
      { userId: user.id },
    );
  },
);
