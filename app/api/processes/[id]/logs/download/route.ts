import { assertProcessVisible } from "@/lib/auth/host-scope";
import { decodeProcessId } from "@/lib/util/ids";
import { getMonitor } from "@/lib/fleet/instance";
import { wholeLogText } from "@/lib/fleet/log-download";
import { parseLogQuery } from "@/lib/http/log-query";
import { withRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/processes/:id/logs/download — the whole available log as a text file, streamed.
export const GET = withRoute<{ id: string }>(
  { role: "viewer" },
  async ({ request, params, user }) => {
    assertProcessVisible(user, params.id);
    const { stream } = parseLogQuery(request.url);
    const monitor = getMonitor();
    const text = wholeLogText(stream, (options) => monitor.readLog(params.id, stream, options));
    // The first window is read before answering, so a host that does not answer is a JSON error.
    const first = await text.next();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (!first.done) controller.enqueue(encoder.encode(first.value));
      },
      async pull(controller) {
        const next = await text.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await text.return(undefined);
      },
    });
    const name = `${decodeProcessId(params.id).name}.${stream}.log`.replace(/[^\w.-]+/g, "_");
    return new Response(body, {
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "no-store",
      },
    });
  },
);
