import { getRuntime } from "@/lib/fleet/instance";

export const dynamic = "force-dynamic";

// GET /readyz — configuration loaded and monitor started; 503 once shutdown begins.
// A managed host that is down never makes Respawn unready: that is data to show, not a fault.
export function GET(): Response {
  const runtime = getRuntime();
  const checks = {
    config: Boolean(runtime),
    monitor: Boolean(runtime?.monitor.isStarted),
    shuttingDown: Boolean(runtime?.shuttingDown),
  };
  const ready = checks.config && checks.monitor && !checks.shuttingDown;
  return Response.json({ ready, checks }, { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
