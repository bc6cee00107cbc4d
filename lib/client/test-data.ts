import type { EndpointView, ProcessView } from "@/lib/client/types";

/** Builds a process as the API sends it, for tests. */
export function makeProcess(id: string, over: Partial<ProcessView> = {}): ProcessView {
  return {
    id,
    hostId: "web-1",
    hostName: "Web 1",
    manager: "supervisord",
    name: id,
    group: null,
    state: "running",
    rawState: "RUNNING",
    description: "",
    pid: 100,
    since: 0,
    exitStatus: null,
    exitSignal: null,
    spawnError: null,
    restarts: null,
    logs: ["stdout", "stderr"],
    details: {},
    stale: false,
    history: null,
    ...over,
  };
}

/** Builds an endpoint as the API sends it, for tests. */
export function makeEndpoint(over: Partial<EndpointView> = {}): EndpointView {
  return {
    key: `${over.hostId ?? "web-1"}/${over.manager ?? "supervisord"}`,
    hostId: "web-1",
    hostName: "Web 1",
    manager: "supervisord",
    target: "unix:/run/supervisor.sock",
    status: "up",
    error: null,
    since: 0,
    lastOkAt: 0,
    version: "4.2.5",
    lastPollMs: 3,
    pollIntervalMs: 1000,
    nextRetryAt: null,
    breaker: "closed",
    processCount: 1,
    ...over,
  };
}
