import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import type { LogLine } from "@/lib/connectors/types";
import { RespawnError } from "@/lib/util/errors";
import { childEnv } from "@/lib/util/programs";
import type { CommandRunner } from "./command";
import { createLineSplitter } from "./line-splitter";
import { parseJournalLine } from "./mapper";
import { createOversizedEntry } from "./oversized";

/** One journal JSON line is held whole up to this; a longer one is read as it streams by (oversized.ts). */
export const MAX_JSON_LINE_BYTES = 4 * 1024 * 1024;

export type Entry = { line: LogLine; cursor: string };

export interface JournalProcess {
  child: ChildProcessWithoutNullStreams;
  /** Resolves when the child is gone: null for a clean end (or one we asked for), else the error. */
  done: Promise<RespawnError | null>;
  /** Stops the child; the end it causes is not an error. */
  stop(): void;
}

/** Spawns journalctl through the runner and feeds every parsed entry to onEntry. */
export function spawnJournal(
  runner: CommandRunner,
  argv: string[],
  onEntry: (e: Entry) => void,
): JournalProcess {
  const { command, args } = runner.toSpawn(argv);
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: childEnv() }) as unknown as ChildProcessWithoutNullStreams;
  let stopped = false;
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d: string) => {
    if (stderr.length < 8192) stderr += d;
  });
  let lastCursor = "";
  const emit = (entry: Entry) => {
    // An entry whose cursor could not be found keeps the position of the one before.
    if (entry.cursor) lastCursor = entry.cursor;
    if (!stopped) onEntry(entry.cursor ? entry : { ...entry, cursor: lastCursor });
  };
  const splitter = createLineSplitter(
    MAX_JSON_LINE_BYTES,
    (raw) => {
      const entry = parseJournalLine(raw);
      if (entry) emit(entry);
    },
    (head) => {
      const big = createOversizedEntry(head);
      return { push: big.push, end: () => emit(big.end()) };
    },
  );
  child.stdout.on("data", (chunk: Buffer) => splitter.push(chunk));
  const done = new Promise<RespawnError | null>((resolve) => {
    child.once("error", (e) => resolve(stopped ? null : runner.describeFailure(null, e.message)));
    child.once("close", (code) => resolve(stopped || code === 0 ? null : runner.describeFailure(code, stderr)));
  });
  const stop = () => {
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  };
  return { child, done, stop };
}
