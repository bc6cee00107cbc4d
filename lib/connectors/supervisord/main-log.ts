import { constants } from "node:os";

/** One exit as supervisord's own log tells it: the only place it keeps the signal's name. */
export interface MainLogExit {
  /** Epoch ms, read from the log line's local-time stamp. */
  at: number;
  /** The program name (supervisord logs `config.name`, without its group). */
  name: string;
  pid: number | null;
  exitStatus: number | null;
  /** "SIGABRT", when a signal ended it. */
  signal: string | null;
  /** The words "expected" / "not expected"; null on "stopped:" lines. */
  expected: boolean | null;
}

const STAMP = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3}) \w+ /;
// supervisor/process.py finish(): "exited: NAME (exit status 1; not expected)",
// "exited: NAME (terminated by SIGABRT (core dumped); not expected)", "stopped: NAME (terminated by SIGTERM)".
const EXIT = /^(exited|stopped): (.+) \((?:exit status (\d+)|terminated by (SIG[A-Z0-9]+|signal \d+)(?: \(core dumped\))?)(?:; (expected|not expected))?\)$/;
const SPAWNED = /^spawned: '(.+)' with pid (\d+)$/;

function stampOf(m: RegExpExecArray): number {
  const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number) as [number, number, number, number, number, number, number];
  return new Date(y, mo - 1, d, h, mi, s, ms).getTime();
}

function signalName(word: string): string {
  if (!word.startsWith("signal ")) return word;
  const n = Number(word.slice(7));
  return Object.entries(constants.signals).find(([, v]) => v === n)?.[0] ?? word;
}

/**
 * Reads the exits out of a piece of supervisord's main log, oldest first, each with the pid of
 * the spawn before it. Lines it does not know are skipped; a cut first line is simply not matched.
 */
export function parseMainLogExits(text: string): MainLogExit[] {
  const pids = new Map<string, number>();
  const out: MainLogExit[] = [];
  for (const line of text.split("\n")) {
    const stamp = STAMP.exec(line);
    if (!stamp) continue;
    const rest = line.slice(stamp[0].length).trimEnd();
    const spawned = SPAWNED.exec(rest);
    if (spawned?.[1]) {
      pids.set(spawned[1], Number(spawned[2]));
      continue;
    }
    const m = EXIT.exec(rest);
    if (!m?.[2]) continue;
    const name = m[2];
    out.push({
      at: stampOf(stamp),
      name,
      pid: pids.get(name) ?? null,
      exitStatus: m[3] !== undefined ? Number(m[3]) : null,
      signal: m[4] ? signalName(m[4]) : null,
      expected: m[5] === undefined ? null : m[5] === "expected",
    });
    pids.delete(name);
  }
  return out;
}
