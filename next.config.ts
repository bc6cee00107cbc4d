import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";
import { PHASE_PRODUCTION_SERVER } from "next/constants";
import { basePathProblem } from "./lib/util/base-path";

// A second build (another base path) can sit beside the default one.
const distDir = process.env.RESPAWN_DIST_DIR || ".next";

/** The base path a finished build serves (from its routes manifest), or null when there is no build. */
function builtBasePath(): string | null {
  const file = path.join(process.cwd(), distDir, "routes-manifest.json");
  if (!existsSync(file)) return null;
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { basePath?: unknown };
  return typeof manifest.basePath === "string" ? manifest.basePath : "";
}

/**
 * Served under a sub-path behind a reverse proxy (e.g. /respawn): Next.js fixes it at build time,
 * from RESPAWN_BASE_PATH. `next start` serves what the build was made for, so the variable is not
 * needed again at start; given there and different, the start is refused rather than half-working.
 */
function resolveBasePath(phase: string): string {
  const fromEnv = process.env.RESPAWN_BASE_PATH;
  const problem = fromEnv === undefined ? null : basePathProblem(fromEnv);
  if (problem) throw new Error(`RESPAWN_BASE_PATH ${problem}`);
  const built = phase === PHASE_PRODUCTION_SERVER ? builtBasePath() : null;
  if (built === null) return fromEnv ?? "";
  if (fromEnv !== undefined && fromEnv !== built) {
    throw new Error(
      `RESPAWN_BASE_PATH="${fromEnv}" at start, but this build serves "${built || "/"}": rebuild with RESPAWN_BASE_PATH=${fromEnv || '""'} npx next build`,
    );
  }
  return built;
}

// The Content-Security-Policy is set per request in proxy.ts: its script nonce changes every time.
const SECURITY_HEADERS = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

export default function nextConfig(phase: string): NextConfig {
  const basePath = resolveBasePath(phase);
  return {
    // .next/standalone holds the server and only the node_modules files it loads: what deploy/ installs.
    output: "standalone",
    // The trace starts here even when a lockfile sits in a parent folder.
    outputFileTracingRoot: path.dirname(fileURLToPath(import.meta.url)),
    outputFileTracingExcludes: {
      // sharp serves next/image, which no page uses: 19 MB of native image libraries not to deploy.
      "*": ["./node_modules/sharp/**", "./node_modules/@img/**"],
    },
    // dbus-next and better-sqlite3 load native or dynamic modules that must not be bundled; prom-client
    // is one module for every route bundle (its default-metrics collectors are per process).
    serverExternalPackages: ["dbus-next", "better-sqlite3", "prom-client"],
    poweredByHeader: false,
    basePath: basePath || undefined,
    // Inlined into server and browser code (lib/util/base-path.ts), so both build URLs as the build routes them.
    env: { RESPAWN_BUILT_BASE_PATH: basePath },
    distDir,
    reactStrictMode: true,
    async headers() {
      return [{ source: "/:path*", headers: SECURITY_HEADERS }];
    },
  };
}
