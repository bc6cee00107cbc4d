import type { ProcessInfo } from "@/lib/connectors/types";
import { isFault } from "./faults";
import { parseMainLogExits, type MainLogExit } from "./main-log";
import type { WireProcessInfo } from "./wire";

/** How much of the main log's end is read when something exited: many exits' worth of lines. */
const TAIL_BYTES = 64 * 1024;
const KEEP_PER_NAME = 20;

export interface ExitTracker {
  /** Reads the main log's end again if any of `infos` changed since last time; never throws. */
  refresh(infos: readonly WireProcessInfo[], signal: AbortSignal): Promise<void>;
  /** The exit facts of a program's last run, from the log, when the log told them. */
  apply(wire: WireProcessInfo, info: ProcessInfo): ProcessInfo;
  /** Every exit the log still shows for a program, newest first. */
  exitsOf(program: string): readonly MainLogExit[];
}

const changeKey = (w: WireProcessInfo) => `${w.statename}:${w.pid}:${w.stop}`;

/**
 * supervisord's process info loses what ended a run — a signal is only "-1", a start that failed
 * too quickly reads "exit status 0" — while its main log says "terminated by SIGABRT" or
 * "exit status 1". This reads those lines when a process changed, and keeps the latest per program.
 */
export function createExitTracker(read: (signal: AbortSignal) => Promise<string>): ExitTracker {
  const seen = new Map<string, string>();
  const byName = new Map<string, MainLogExit[]>();
  let unavailable = false;

  function merge(exits: MainLogExit[]): void {
    for (const e of exits) {
      const list = byName.get(e.name) ?? [];
      if (list.some((x) => x.at === e.at && x.pid === e.pid)) continue;
      list.unshift(e);
      list.sort((a, b) => b.at - a.at);
      byName.set(e.name, list.slice(0, KEEP_PER_NAME));
    }
  }

  return {
    async refresh(infos, signal) {
      if (unavailable) return;
      const changed = infos.filter((w) => seen.get(`${w.group}:${w.name}`) !== changeKey(w));
      if (changed.length === 0) return;
      try {
        merge(parseMainLogExits(await read(signal)));
        for (const w of changed) seen.set(`${w.group}:${w.name}`, changeKey(w));
      } catch (e) {
        // logfile=syslog or none: process info is all there is. Other errors: try again next time.
        if (isFault(e, "NO_FILE")) unavailable = true;
      }
    },
    apply(wire, info) {
      const last = byName.get(wire.name)?.[0];
      // Only a run that ended after the log line is covered: a program never stopped has none.
      if (!last || wire.stop <= 0 || last.at > Date.now() + 60_000) return info;
      return { ...info, exitStatus: last.exitStatus, exitSignal: last.signal };
    },
    exitsOf: (program) => byName.get(program) ?? [],
  };
}

export { TAIL_BYTES as MAIN_LOG_TAIL_BYTES };
