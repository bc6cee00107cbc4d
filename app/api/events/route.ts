import { filterEvent, filterSnapshot } from "@/lib/auth/host-scope";
import { endWithSession } from "@/lib/auth/stream-guard";
import { getMonitor } from "@/lib/fleet/instance";
import { withRoute } from "@/lib/http/route";
import { sseResponse } from "@/lib/http/sse";

export const dynamic = "force-dynamic";

// GET /api/events — live fleet changes (SSE): a snapshot, then deltas in seq order (the user's hosts only).
export const GET = withRoute({ role: "viewer" }, ({ request, user, session }) => {
  const monitor = getMonitor();
  return sseResponse(
    request,
    (sink) => {
      sink.send({ type: "snapshot", ...filterSnapshot(user, monitor.snapshot()) });
      const unsubscribe = monitor.subscribe((event) => {
        const visible = filterEvent(user, event);
        if (visible) sink.send(visible);
      });
      const unwatch = endWithSession(session.tokenHash, () => sink.close());
      return () => {
        unwatch();
        unsubscribe();
      };
    },
    { userId: user.id },
  );
});
