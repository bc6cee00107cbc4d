import path from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

// The Content-Security-Policy is set per request in proxy.ts: its script nonce changes every time.
const SECURITY_HEADERS = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig: NextConfig = {
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
  reactStrictMode: true,
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
