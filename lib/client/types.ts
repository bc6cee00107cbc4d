/**
 * The shared types the UI renders, re-exported type-only so that components never import the
 * fleet or connector modules themselves (components/ may only use lib/client).
 */
export type {
  ConfigChangeNames,
  ConfigChanges,
  ConfigGroupChange,
  ConfigGroupOutcome,
  ConfigUpdateResult,
  ControlAction,
  ControlOutcome,
  ControlResult,
  LogChunk,
  LogLine,
  LogStream,
  Manager,
  ProcessInfo,
  ProcessState,
  ProcessUsage,
} from "@/lib/connectors/types";
export type { UsageSample } from "@/lib/fleet/usage-sampler";
export type {
  EndpointStatus,
  EndpointView,
  FleetEvent,
  FleetSnapshot,
  HostError,
  ProcessView,
} from "@/lib/fleet/types";

import type { ProcessState } from "@/lib/connectors/types";

/** The states in the order operators care about them: worst first. */
export const STATE_ORDER: readonly ProcessState[] = [
  "gave-up",
  "crashed",
  "unknown",
  "starting",
  "stopping",
  "stopped",
  "running",
];

/** Words shown for each state. */
export const STATE_LABEL: Record<ProcessState, string> = {
  running: "running",
  starting: "starting",
  stopping: "stopping",
  stopped: "stopped",
  crashed: "crashed",
  "gave-up": "gave up",
  unknown: "unknown",
};
