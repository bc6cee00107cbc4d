import { NextResponse, type NextRequest } from "next/server";
import { recordRefused } from "@/lib/audit/refused";
import { isPublicPath, isTokenEndpoint } from "@/lib/auth/public-paths";
import { authenticate, clientAddress } from "@/lib/auth/request";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { FLASH_COOKIE } from "@/lib/http/form-post";
import { checkSameOrigin, isSafeMethod } from "@/lib/http/origin";

// The first gate, in front of every route, page and server action: a state-changing request from
// another site is refused (and audited) before anything runs, and a request without a session
// cookie never reaches a private page or route. Each route and page then checks the session
// itself (withRoute, requirePageUser). It also sets the per-request Content-Security-Policy nonce.

function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    // Only scripts carrying this response's nonce run (Next adds it to its own tags).
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Style attributes (virtualised rows are positioned with them) cannot carry a nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The supervisord event listener posts from a host, with no Origin and no cookie, authenticated by
 * its host token (checked in the route). A bearer token is no ambient credential a foreign page could
 * borrow, so such a delivery is not a cross-site request; with a session cookie it is treated as one.
 */
function isListenerDelivery(request: NextRequest): boolean {
  return (
    /^\/api\/hosts\/[^/]+\/events$/.test(request.nextUrl.pathname) &&
    !request.cookies.get(SESSION_COOKIE)?.value &&
    /^Bearer\s/i.test(request.headers.get("authorization") ?? "")
  );
}

/** Refuses a cross-site state-changing request, audited; null when it may go on. */
function refuseCrossSite(request: NextRequest): NextResponse | null {
  if (isSafeMethod(request.method) || isTokenEndpoint(request.nextUrl.pathname)) return null;
  if (isListenerDelivery(request)) return null;
  const reason = checkSameOrigin(request);
  if (!reason) return null;
  let actor = "anonymous";
  try {
    actor = authenticate(request)?.user.name ?? "anonymous";
  } catch {
    // the refusal stands even if the session cannot be read
  }
  const target = `${request.method} ${request.nextUrl.pathname}`;
  recordRefused({ actor, action: "request.refused", target, result: "denied", detail: reason, address: clientAddress(request) });
  return NextResponse.json(
    { error: { code: "FORBIDDEN", message: "cross-site request refused" } },
    { status: 403, headers: { "Cache-Control": "no-store" } },
  );
}

export function proxy(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  const crossSite = refuseCrossSite(request);
  if (crossSite) return crossSite;
  const signedIn = Boolean(request.cookies.get(SESSION_COOKIE)?.value);
  if (!signedIn && !isPublicPath(pathname)) {
    if (pathname.startsWith("/api/") || request.method !== "GET") {
      return NextResponse.json(
        { error: { code: "UNAUTHENTICATED", message: "sign in first" } },
        { status: 401, headers: { "Cache-Control": "no-store" } },
      );
    }
    // nextUrl keeps the base path (a sub-path behind a proxy); `next` is the app's own path.
    const login = request.nextUrl.clone();
    login.pathname = "/login";
    login.search = "";
    login.searchParams.set("next", pathname + search);
    return NextResponse.redirect(login);
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  // A form post's outcome is shown once: the page reads it from this request, the cookie goes.
  if (request.method === "GET" && request.cookies.get(FLASH_COOKIE)) {
    response.headers.append("Set-Cookie", `${FLASH_COOKIE}=; Path=${pathname}; Max-Age=0; HttpOnly; SameSite=Strict`);
  }
  // Shared incident links: no referrer carries the token away, no search engine keeps the page.
  if (/^\/(s|api\/share)\//.test(pathname)) {
    response.headers.set("Referrer-Policy", "no-referrer");
    response.headers.set("X-Robots-Tag", "noindex, nofollow");
  }
  return response;
}

export const config = {
  // Prefetches too: a private page must not be prefetched past the gate.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
