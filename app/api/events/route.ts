import { getMonitor } from "@/lib/fleet/instance";
import { sseResponse } from "@/lib/http/sse";

export const dynamic = "force-dynamic";

// GET /api/events — live fleet changes (SSE): a snapshot, then deltas in seq order.
export function GET(request: Request): Response {
  const monitor = getMonitor();
  return sseResponse(request, (sink) => {
    sink.send({ type: "snapshot", ...monitor.snapshot() });
    return monitor.subscribe((event) => sink.send(event));
  });
}
