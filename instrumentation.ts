// Runs once when the server starts: load the configuration (refusing a bad file with its
// file:line and field) and start the monitor, so hosts are watched before the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startRuntime } = await import("./lib/fleet/instance");
  const { installShutdown } = await import("./lib/fleet/shutdown");
  try {
    const runtime = startRuntime();
    installShutdown(runtime);
    const path = runtime.config.path ?? "no configuration file (defaults)";
    const hosts = runtime.config.config.hosts.map((h) => h.id).join(", ") || "none";
    console.log(`respawn: configuration ${path}; hosts: ${hosts}`);
  } catch (e) {
    console.error(`respawn: cannot start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(78); // EX_CONFIG: a supervisor should not restart-loop on a bad file
  }
}
