import { getRuntime } from "@/lib/fleet/instance";
import { checkReadiness } from "@/lib/fleet/readiness";

export const dynamic = "force-dynamic";

// GET /readyz — configuration loaded, monitor started, store writable; 503 once shutdown begins.
// A managed host that is down never makes Respawn unready: that is data to show, not a fault.
export function GET(): Response {
  const readiness = checkReadiness(getRuntime());
  return Response.json(readiness, { status: readiness.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
