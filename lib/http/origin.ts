/**
 * Cross-site request refusal for state-changing requests. A browser tells us where a request
 * comes from with `Origin` and `Sec-Fetch-Site`; an attacker's page cannot forge either, so a
 * request is accepted only when they name the dashboard itself.
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/**
 * The dashboard's own origin(s): RESPAWN_ORIGIN (comma-separated, e.g. https://respawn.example.com)
 * when set, else the origin this request was addressed to (its Host header, either scheme; the
 * X-Forwarded-Host only survives from a proxy listed in trustProxy, see trust-proxy.ts).
 */
function expectedOrigins(request: Request): string[] {
  const configured = process.env.RESPAWN_ORIGIN?.split(",").map((o) => o.trim().replace(/\/+$/, "")).filter(Boolean);
  if (configured && configured.length > 0) return configured;
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  if (!host) return [];
  return [`http://${host}`, `https://${host}`];
}

/** Why a state-changing request must be refused, or null when it comes from the dashboard itself. */
export function checkSameOrigin(request: Request): string | null {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return `cross-site request (Sec-Fetch-Site: ${site.slice(0, 40)})`;
  const origin = request.headers.get("origin");
  if (origin === null) {
    return site === "same-origin" ? null : "no Origin header on a state-changing request";
  }
  if (origin === "null") return "opaque origin (Origin: null)";
  if (!expectedOrigins(request).includes(origin.toLowerCase())) return `foreign origin ${origin.slice(0, 200)}`;
  return null;
}
