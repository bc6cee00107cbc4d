/**
 * Paths reachable without signing in. Everything else needs a session: a new route is private
 * unless it is added here.
 */
const PUBLIC: RegExp[] = [
  /^\/livez$/,
  /^\/(favicon\.ico|icon\.svg|icon-192\.png)$/, // the tab icon, also on the sign-in page
  /^\/readyz$/,
  /^\/metrics$/, // its own optional token
  /^\/login$/,
  /^\/setup\/[A-Za-z0-9_-]{1,100}$/,
  /^\/api\/auth\/login$/,
  /^\/api\/auth\/setup$/,
  /^\/s\/[^/]+$/, // shared incident links carry their own token
  /^\/api\/share\/[^/]+(\/.*)?$/,
  /^\/api\/hosts\/[^/]+\/events$/, // supervisord event listener: a per-host token, not a session
];

// Called by machines with their own bearer token and no cookie, so a forged cross-site request
// carries nothing that would authorise it: the Origin check does not apply.
const TOKEN_ENDPOINTS: RegExp[] = [/^\/api\/hosts\/[^/]+\/events$/];

export function isTokenEndpoint(pathname: string): boolean {
  return TOKEN_ENDPOINTS.some((re) => re.test(pathname));
}

export function isPublicPath(pathname: string): boolean {
  return PUBLIC.some((re) => re.test(pathname));
}

/** A safe place to return to after sign-in: a path on this site, never another origin. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || /[\u0000-\u001f]/.test(next)) {
    return "/";
  }
  return next.slice(0, 2000);
}
