export const dynamic = "force-dynamic";

// GET /livez — the process answers. Checks nothing else, so a supervisor only restarts a wedged server.
export function GET(): Response {
  return new Response("ok\n", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
