import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // dbus-next and better-sqlite3 load native or dynamic modules that must not be bundled.
  serverExternalPackages: ["dbus-next", "better-sqlite3", "xmlrpc"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
