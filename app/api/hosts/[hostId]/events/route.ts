import { getMonitor, getRuntime } from "@/lib/fleet/instance";
import { bearerToken, readListenerBody } from "@/lib/history/listener-ingest";
import { supervisordProcessName } from "@/lib/history/listener-events";
import { errorResponse, json } from "@/lib/http/errors";
import { RespawnError } from "@/lib/util/errors";

export const dynamic = "force-dynamic";

// POST /api/hosts/:hostId/events — PROCESS_STATE events from Respawn's supervisord event listener.
// Authenticated by the host's listener token (not a session): the token is checked before the body is read.
export async function POST(request: Request, ctx: { params: Promise<{ hostId: string }> }): Promise<Response> {
  try {
    const { hostId } = await ctx.params;
    const monitor = getMonitor();
    const history = getRuntime()?.history;
    if (!history) throw new RespawnError("UNAVAILABLE", "history is not available");
    const token = bearerToken(request.headers.get("authorization"));
    history.ingest.checkListenerToken(hostId, token);
    const body = await readListenerBody(request);
    const batch = history.ingest.ingestListenerBatch(hostId, token, body);
    // The changed processes are re-read at once instead of waiting for the next poll.
    monitor.refreshSupervisordProcesses(
      hostId,
      batch.events.map((e) => supervisordProcessName(e.groupName, e.processName)),
    );
    return json({ accepted: batch.events.length });
  } catch (e) {
    return errorResponse(e);
  }
}
