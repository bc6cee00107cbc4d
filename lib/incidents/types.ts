import type { LogStream, Manager, ProcessState } from "@/lib/connectors/types";
import type { IncidentSummary } from "@/lib/store/incidents";

export type { IncidentKind, IncidentStatus, IncidentSummary } from "@/lib/store/incidents";

/** One captured line. `n` numbers lines across all streams of an incident (anchors #L<n>). */
export interface SnapshotLine {
  n: number;
  text: string;
  ts: number | null;
  priority: number | null;
}

export interface SnapshotStream {
  stream: LogStream;
  lines: SnapshotLine[];
  /** Older lines existed before the first one kept. */
  truncated: boolean;
  /** Why the stream could not be read at that moment, else null. */
  error: string | null;
}

export interface SnapshotTransition {
  at: number;
  fromState: string | null;
  toState: string;
  rawState: string;
  exitStatus: number | null;
  signal: string | null;
  cause: string;
  actor: string | null;
}

export interface SnapshotExit {
  at: number;
  exitStatus: number | null;
  signal: string | null;
  rawState: string;
}

/**
 * Everything an incident shows, frozen when it was captured: its page (and a shared link)
 * needs nothing else from the hosts.
 */
export interface IncidentSnapshot {
  version: 1;
  capturedAt: number;
  process: {
    id: string;
    hostId: string;
    manager: Manager;
    name: string;
    state: ProcessState;
    rawState: string;
    description: string;
    since: number | null;
    exitStatus: number | null;
    exitSignal: string | null;
    spawnError: string | null;
    restarts: number | null;
  };
  streams: SnapshotStream[];
  /** Exit statuses of the last attempts, newest first. */
  exits: SnapshotExit[];
  /** State changes leading up to the capture, oldest first. */
  timeline: SnapshotTransition[];
  /** The restart policy in force: from the policy reader when there is one, else from the process details. */
  policy: { source: "policy" | "details"; values: Record<string, string | number | boolean | null> };
  /** Lines the author selected (manual capture), inclusive, by `n`. */
  highlight: { from: number; to: number } | null;
  /** How many secrets were replaced by the redaction marker. */
  redactions: number;
  /** Each time the process gave up again while this incident was open, oldest first. */
  relapses?: SnapshotRelapse[];
}

export interface SnapshotRelapse {
  at: number;
  rawState: string;
  exitStatus: number | null;
  exitSignal: string | null;
  spawnError: string | null;
}

export interface Incident extends IncidentSummary {
  snapshot: IncidentSnapshot;
}
