import { z } from "zod";
import { assertProcessVisible } from "@/lib/auth/host-scope";
import { getMonitor, getRuntime } from "@/lib/fleet/instance";
import { json } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";
import { RespawnError } from "@/lib/util/errors";

export const dynamic = "force-dynamic";

const HistoryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().max(64).optional(),
});

// GET /api/processes/:id/history — restart counts, a 24-hour restart series and the timeline, newest first.
export const GET = withRoute<{ id: string }>({ role: "viewer" }, ({ request, params, user }) => {
  const { id } = params;
  assertProcessVisible(user, id);
  getMonitor().getProcess(id);
  const recorder = getRuntime()?.history.recorder;
  if (!recorder) throw new RespawnError("UNAVAILABLE", "history is not available");
  const q = HistoryQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json({
    stats: recorder.restartStats(id),
    series: recorder.restartSeries(id, { buckets: 24, bucketMs: 3_600_000 }),
    flapping: recorder.flapping([id]).has(id),
    timeline: recorder.timeline(id, { limit: q.limit, before: q.before ?? null }),
  });
});
