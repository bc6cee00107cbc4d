import { getMonitor } from "@/lib/fleet/instance";
import { errorResponse, json } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

// GET /api/fleet — every endpoint and every process, as last seen.
export function GET(): Response {
  try {
    return json(getMonitor().snapshot());
  } catch (e) {
    return errorResponse(e);
  }
}
