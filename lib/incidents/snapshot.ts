import type { LogStream, ProcessInfo } from "@/lib/connectors/types";
import type { Monitor } from "@/lib/fleet/monitor";
import type { HistoryRecorder } from "@/lib/history/recorder";
import { toRespawnError } from "@/lib/util/errors";
import { cutLongLine } from "./long-lines";
import { redactLines } from "./redact";
import type { IncidentSnapshot, SnapshotExit, SnapshotStream, SnapshotTransition } from "./types";

export const DEFAULT_LINES_PER_STREAM = 500;
/** Bytes read per stream: enough for the lines asked, bounded so one huge line cannot fill the store. */
const BYTES_PER_LINE = 1_024;
const MAX_BYTES_PER_STREAM = 1024 * 1024;
const TIMELINE_LIMIT = 50;
const EXITS_LIMIT = 10;

// Restart-policy words in each manager's details; paths of unit files stay out of the snapshot.
const POLICY_KEYS = ["restart", "restartMs", "startLimitBurst", "startLimitIntervalMs", "result", "exitcodes", "startsecs", "startretries", "autostart"];

/** Reads the restart policy in force; absent until a policy reader is wired in. */
export type PolicyReader = (processId: string) => Promise<Record<string, string | number | boolean | null>>;

export interface CaptureSources {
  monitor: Pick<Monitor, "readLog">;
  recorder?: Pick<HistoryRecorder, "timeline"> | null;
  readPolicy?: PolicyReader | null;
  linesPerStream?: number;
  now?: () => number;
}

export interface RawLine {
  text: string;
  ts: number | null;
  priority: number | null;
}

/** Reads the tail of every stream of a process, as it is now. */
export async function readTails(
  sources: CaptureSources,
  info: ProcessInfo,
): Promise<Array<{ stream: LogStream; lines: RawLine[]; truncated: boolean; error: string | null }>> {
  const maxLines = sources.linesPerStream ?? DEFAULT_LINES_PER_STREAM;
  const maxBytes = Math.min(MAX_BYTES_PER_STREAM, maxLines * BYTES_PER_LINE);
  return Promise.all(
    info.logs.map(async (stream) => {
      try {
        const chunk = await sources.monitor.readLog(info.id, stream, { cursor: null, maxBytes, maxLines });
        const lines = chunk.lines.slice(-maxLines).map((l) => ({ text: l.text, ts: l.ts, priority: l.priority }));
        return { stream, lines, truncated: chunk.truncated || chunk.lines.length > maxLines, error: null };
      } catch (e) {
        return { stream, lines: [], truncated: false, error: `could not be read: ${toRespawnError(e).message}` };
      }
    }),
  );
}

/**
 * Freezes what is known about a process now: the given lines (redacted, numbered across
 * streams), the last exits, the timeline and the policy in force.
 */
export async function buildSnapshot(
  sources: CaptureSources,
  info: ProcessInfo,
  tails: Awaited<ReturnType<typeof readTails>>,
  highlight: { stream: LogStream; from: number; to: number } | null = null,
): Promise<IncidentSnapshot> {
  let n = 0;
  let redactions = 0;
  let mark: IncidentSnapshot["highlight"] = null;
  const streams: SnapshotStream[] = tails.map((t) => {
    const red = redactLines(t.lines.map((l) => cutLongLine(l.text)));
    redactions += red.count;
    const first = n + 1;
    const lines = t.lines.map((l, i) => ({ n: ++n, text: red.lines[i] ?? "", ts: l.ts, priority: l.priority }));
    if (highlight && highlight.stream === t.stream && lines.length > 0) {
      mark = { from: first + Math.max(0, highlight.from), to: first + Math.min(lines.length - 1, highlight.to) };
    }
    return { stream: t.stream, lines, truncated: t.truncated, error: t.error };
  });
  const { timeline, exits } = readTimeline(sources, info.id);
  // The last exit as the manager reports it now, when the timeline did not catch it (fast crash loops between polls).
  if ((info.exitStatus !== null || info.exitSignal !== null) && !exits.some((e) => e.at === info.since)) {
    exits.unshift({ at: info.since ?? (sources.now ?? Date.now)(), exitStatus: info.exitStatus, signal: info.exitSignal, rawState: info.rawState });
  }
  return {
    version: 1,
    capturedAt: (sources.now ?? Date.now)(),
    process: {
      id: info.id,
      hostId: info.hostId,
      manager: info.manager,
      name: info.name,
      state: info.state,
      rawState: info.rawState,
      description: info.description,
      since: info.since,
      exitStatus: info.exitStatus,
      exitSignal: info.exitSignal,
      spawnError: info.spawnError,
      restarts: info.restarts,
    },
    streams,
    exits,
    timeline,
    policy: await readPolicyInForce(sources, info),
    highlight: mark,
    redactions,
  };
}

function readTimeline(sources: CaptureSources, id: string): { timeline: SnapshotTransition[]; exits: SnapshotExit[] } {
  if (!sources.recorder) return { timeline: [], exits: [] };
  try {
    const items = sources.recorder.timeline(id, { limit: TIMELINE_LIMIT }).items;
    const timeline = items
      .map((t) => ({
        at: t.at,
        fromState: t.fromState,
        toState: t.toState,
        rawState: t.rawState,
        exitStatus: t.exitStatus,
        signal: t.signal,
        cause: t.cause,
        actor: t.actor,
      }))
      .reverse();
    const exits = items
      .filter((t) => t.exitStatus !== null || t.signal !== null)
      .slice(0, EXITS_LIMIT)
      .map((t) => ({ at: t.at, exitStatus: t.exitStatus, signal: t.signal, rawState: t.rawState }));
    return { timeline, exits };
  } catch {
    // A locked store must not lose the lines: the incident is kept without its timeline.
    return { timeline: [], exits: [] };
  }
}

async function readPolicyInForce(sources: CaptureSources, info: ProcessInfo): Promise<IncidentSnapshot["policy"]> {
  if (sources.readPolicy) {
    try {
      return { source: "policy", values: await sources.readPolicy(info.id) };
    } catch {
      // fall back to what the process listing says
    }
  }
  const values = Object.fromEntries(POLICY_KEYS.filter((k) => k in info.details).map((k) => [k, info.details[k] ?? null]));
  return { source: "details", values };
}

/** The lines of a snapshot as plain text, for download. */
export function snapshotText(title: string, s: IncidentSnapshot): string {
  const out = [`# ${title}`, `# ${s.process.hostId} · ${s.process.name} · captured ${new Date(s.capturedAt).toISOString()}`];
  for (const st of s.streams) {
    out.push("", `## ${st.stream}${st.error ? ` (${st.error})` : ""}`);
    for (const l of st.lines) out.push(`${l.ts ? `${new Date(l.ts).toISOString()} ` : ""}${l.text}`);
  }
  return `${out.join("\n")}\n`;
}
