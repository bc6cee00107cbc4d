import type { Connector, Manager } from "@/lib/connectors/types";
import { getMonitor } from "@/lib/fleet/instance";

/** Work to run against one endpoint's connector, bounded by `signal`. */
export type EndpointTask<T> = (connector: Connector, signal: AbortSignal) => Promise<T>;

/** A policy apply waits for daemon-reload or a group restart: longer than a plain read. */
export const POLICY_DEADLINE_MS = 90_000;

/**
 * Runs a task on the monitor's own connector of (host, manager), under that host's circuit
 * breaker, concurrency limit and a deadline; the monitor re-polls the host afterwards.
 */
export function runOnEndpoint<T>(hostId: string, manager: Manager, task: EndpointTask<T>, deadlineMs = POLICY_DEADLINE_MS): Promise<T> {
  return getMonitor().withEndpointConnector(hostId, manager, task, deadlineMs);
}
