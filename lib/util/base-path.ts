/**
 * The sub-path Respawn is served under (e.g. "/respawn" for https://ops.example/respawn/), or ""
 * at the root. Next.js bakes it into the build: next.config.ts reads RESPAWN_BASE_PATH at build
 * time and inlines it here (`env`), so server and browser code agree with the build's routes.
 */
export const BASE_PATH: string = process.env.RESPAWN_BUILT_BASE_PATH ?? "";

/** A base path is "" or "/seg[/seg…]": no trailing slash, no characters a URL path would escape. */
export const BASE_PATH_PATTERN = /^(\/[A-Za-z0-9._~-]+)*$/;

/** Why `value` is not a usable base path, or null. */
export function basePathProblem(value: string): string | null {
  if (!BASE_PATH_PATTERN.test(value)) {
    return `"${value.slice(0, 100)}" must start with "/", have no trailing "/", and use only letters, digits and . _ ~ -`;
  }
  if (/(^|\/)\.{1,2}(\/|$)/.test(value)) return `"${value}" may not contain "." or ".." segments`;
  return null;
}

/** `path` (starting with "/") under the base path: "/api/fleet" → "/respawn/api/fleet". */
export function withBasePath(path: string): string {
  return `${BASE_PATH}${path}`;
}

/**
 * Checked at server start: the configuration's `basePath` and the start-time RESPAWN_BASE_PATH,
 * when given, must be the one the build was made with. Returns why not, or null.
 */
export function basePathMismatch(configured: string | undefined, env: string | undefined, built = BASE_PATH): string | null {
  const rebuild = (want: string) =>
    `this build serves "${built || "/"}" (built with RESPAWN_BASE_PATH=${built || "unset"}); rebuild with RESPAWN_BASE_PATH=${want} npx next build`;
  if (configured !== undefined && configured !== built) return `basePath "${configured}" in the configuration: ${rebuild(configured)}`;
  if (env !== undefined && env !== built) return `RESPAWN_BASE_PATH="${env}" at start: ${rebuild(env || "\"\"")}`;
  return null;
}
