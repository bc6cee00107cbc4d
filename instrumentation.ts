// Runs once when the server starts. The Node.js part loads the configuration (refusing a bad
// file with its file:line and field) and starts the monitor before the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { registerNode } = await import("./lib/fleet/register");
    const config = registerNode();
    // Forwarded headers are dropped before any route reads them unless a trusted proxy sent them.
    const { installProxyTrust } = await import("./lib/http/trust-proxy");
    installProxyTrust(config.trustProxy);
    const { announceSetup } = await import("./lib/auth/setup");
    announceSetup();
  }
}
