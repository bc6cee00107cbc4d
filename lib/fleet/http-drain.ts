import { Server } from "node:http";

/**
 * The HTTP servers this process listens with. `next start` does not hand its server to app
 * code, so shutdown finds it among the process's active handles.
 */
function listeningServers(): Server[] {
  const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  return handles.filter((h): h is Server => h instanceof Server && h.listening);
}

/**
 * Stops accepting connections and waits (at most `timeoutMs`) for the requests still being
 * answered, so the reply of an action that just finished reaches its browser before exit.
 * Returns how many servers were closed.
 */
export async function closeHttpServers(timeoutMs: number): Promise<number> {
  const servers = listeningServers();
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          timer.unref();
          server.close(() => {
            clearTimeout(timer);
            resolve();
          });
          // Keep-alive connections with no request in flight would otherwise hold close() open.
          server.closeIdleConnections();
        }),
    ),
  );
  return servers.length;
}
