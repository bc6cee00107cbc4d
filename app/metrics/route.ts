import { timingSafeEqual } from "node:crypto";
import { getRuntime } from "@/lib/fleet/instance";
import { checkReadiness } from "@/lib/fleet/readiness";
import { countOpenStreams } from "@/lib/http/sse";
import { getMetrics } from "@/lib/metrics/registry";

export const dynamic = "force-dynamic";

const TEXT = { "Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store" };

// GET /metrics — Prometheus text format; 404 unless enabled, 401 without the bearer token when one is set.
export async function GET(request: Request): Promise<Response> {
  const runtime = getRuntime();
  const settings = runtime?.config.config.metrics;
  if (!runtime || !settings?.enabled) return new Response("not found\n", { status: 404, headers: TEXT });
  const denied = checkToken(request, settings.tokenEnv);
  if (denied) return denied;
  const metrics = getMetrics();
  metrics.watchFleet(readFleet);
  return new Response(await metrics.registry.metrics(), { headers: { ...TEXT, "Content-Type": metrics.registry.contentType } });
}

function readFleet() {
  const runtime = getRuntime();
  if (!runtime) return null;
  return {
    snapshot: runtime.monitor.snapshot(),
    streams: countOpenStreams(),
    actionsInFlight: runtime.actions.running,
    ready: checkReadiness(runtime).ready,
    shuttingDown: runtime.shuttingDown,
  };
}

/** A response refusing the request, or null when it may read the metrics. */
function checkToken(request: Request, tokenEnv: string | undefined): Response | null {
  if (!tokenEnv) return null;
  const expected = process.env[tokenEnv];
  // Fail closed: a token was asked for but is missing from the environment.
  if (!expected) return new Response(`metrics token not set (${tokenEnv})\n`, { status: 503, headers: TEXT });
  const given = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  if (a.length === b.length && timingSafeEqual(a, b)) return null;
  return new Response("unauthorized\n", { status: 401, headers: { ...TEXT, "WWW-Authenticate": 'Bearer realm="respawn-metrics"' } });
}
