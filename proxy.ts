import { NextResponse, type NextRequest } from "next/server";
import { isPublicPath } from "@/lib/auth/public-paths";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";

// The first gate: a request without a session cookie never reaches a private page or route.
// Each route and page then checks the session itself (withRoute, requirePageUser); this file only
// refuses early and sets the per-request Content-Security-Policy nonce.

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

export function proxy(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  const signedIn = Boolean(request.cookies.get(SESSION_COOKIE)?.value);
  if (!signedIn && !isPublicPath(pathname)) {
    if (pathname.startsWith("/api/") || request.method !== "GET") {
      return NextResponse.json(
        { error: { code: "UNAUTHENTICATED", message: "sign in first" } },
        { status: 401, headers: { "Cache-Control": "no-store" } },
      );
    }
    const login = new URL("/login", request.url);
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
  return response;
}

export const config = {
  // Prefetches too: a private page must not be prefetched past the gate.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
