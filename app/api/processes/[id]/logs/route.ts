import { assertProcessVisible } from "@/lib/auth/host-scope";
import { getMonitor } from "@/lib/fleet/instance";
import { json } from "@/lib/http/errors";
import { parseLogQuery } from "@/lib/http/log-query";
import { withRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/processes/:id/logs — the tail of a log, or what follows a cursor.
export const GET = withRoute<{ id: string }>({ role: "viewer" }, async ({ request, params, user }) => {
  assertProcessVisible(user, params.id);
  const q = parseLogQuery(request.url);
  const options = { cursor: q.cursor ?? null, maxBytes: q.maxBytes ?? 64 * 1024, maxLines: q.maxLines ?? 500 };
  return json(await getMonitor().readLog(params.id, q.stream, options));
});
