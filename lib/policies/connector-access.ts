import type { Connector, Manager } from "@/lib/connectors/types";
import { createConnector } from "@/lib/fleet/connector-factory";
import { getMonitor, getRuntime } from "@/lib/fleet/instance";
import { RespawnError } from "@/lib/util/errors";

/** Work to run against one endpoint's connector, bounded by `signal`. */
export type EndpointTask<T> = (connector: Connector, signal: AbortSignal) => Promise<T>;

/**
 * What the monitor is asked to offer: run a task on the endpoint's own connector, under its
 * host guard (circuit breaker, concurrency limit) and a deadline.
 */
export interface EndpointConnectorRunner {
  withEndpointConnector<T>(hostId: string, manager: Manager, task: EndpointTask<T>, deadlineMs: number): Promise<T>;
}

/** A policy apply waits for daemon-reload or a group restart: longer than a plain read. */
export const POLICY_DEADLINE_MS = 90_000;

/**
 * Runs a task on the connector of (host, manager): the monitor's own when it offers
 * `withEndpointConnector`, else a short-lived connector of the same configured endpoint.
 */
export async function runOnEndpoint<T>(hostId: string, manager: Manager, task: EndpointTask<T>, deadlineMs = POLICY_DEADLINE_MS): Promise<T> {
  const monitor = getMonitor() as unknown as Partial<EndpointConnectorRunner>;
  if (typeof monitor.withEndpointConnector === "function") {
    return monitor.withEndpointConnector(hostId, manager, task, deadlineMs);
  }
  const host = getRuntime()?.config.config.hosts.find((h) => h.id === hostId);
  if (!host || !host[manager]) throw new RespawnError("NOT_FOUND", `no host "${hostId}" with ${manager} is configured`);
  const connector = createConnector(host, manager);
  try {
    return await task(connector, AbortSignal.timeout(deadlineMs));
  } finally {
    await connector.close();
  }
}
