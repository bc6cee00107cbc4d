/** Graceful shutdown: readiness drops first, then the monitor closes its host connections. */
export function installShutdown(runtime: { monitor: { stop(): Promise<void> }; shuttingDown: boolean }): void {
  let done = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (done) return;
    done = true;
    runtime.shuttingDown = true;
    console.log(`respawn: ${signal} received, shutting down`);
    const hardStop = setTimeout(() => process.exit(0), 10_000);
    hardStop.unref();
    void runtime.monitor
      .stop()
      .catch(() => undefined)
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}
