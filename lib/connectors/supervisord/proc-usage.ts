/**
 * CPU and memory of a supervisord program and its children, read from /proc of the dashboard's
 * own host: only valid when supervisord runs there (it is reached over its unix socket).
 */
import { readdir, readFile } from "node:fs/promises";
import type { ProcessUsage } from "@/lib/connectors/types";

/** The fields of /proc/PID/stat and /proc/PID/status that the usage of a process tree needs. */
export interface ProcEntry {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  cpuTicks: number;
  rssKiB: number;
  threads: number;
}

// USER_HZ: the unit of /proc's CPU times, 100 on every Linux architecture Node runs on.
const TICK_NS = 10_000_000;

/** Parses /proc/PID/stat; the command name may hold spaces and parentheses, so fields start after the last ")". */
export function parseStat(
  text: string,
): Pick<ProcEntry, "pid" | "ppid" | "cpuTicks" | "threads"> | null {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return null;
  const f = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // f[0] is field 3 (state): ppid is field 4, utime..cstime 14..17, num_threads 20.
  const n = (field: number) => Number(f[field - 3]);
  const ppid = n(4);
  const cpuTicks = n(14) + n(15) + n(16) + n(17);
  if (!Number.isFinite(ppid) || !Number.isFinite(cpuTicks)) return null;
  return { pid: Number(text.slice(0, open).trim()), ppid, cpuTicks, threads: n(20) };
}

/** VmRSS of /proc/PID/status in KiB (0 for a kernel thread or a zombie, which have none). */
export function parseRssKiB(status: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) : 0;
}

/** Sums a process and all its descendants. */
export function sumTree(
  root: number,
  entries: readonly ProcEntry[],
  at: number,
): ProcessUsage | null {
  const children = new Map<number, ProcEntry[]>();
  for (const e of entries) children.set(e.ppid, [...(children.get(e.ppid) ?? []), e]);
  const rootEntry = entries.find((e) => e.pid === root);
  if (!rootEntry) return null;
  let ticks = 0;
  let kib = 0;
  let threads = 0;
  const queue = [rootEntry];
  for (let e = queue.pop(); e; e = queue.pop()) {
    ticks += e.cpuTicks;
    kib += e.rssKiB;
    threads += e.threads;
    queue.push(...(children.get(e.pid) ?? []));
  }
  return { cpuNs: ticks * TICK_NS, memoryBytes: kib * 1024, tasks: threads, source: "proc", at };
}

async function readEntry(dir: string, pid: number): Promise<ProcEntry | null> {
  try {
    const [stat, status] = await Promise.all([
      readFile(`${dir}/${pid}/stat`, "utf8"),
      readFile(`${dir}/${pid}/status`, "utf8"),
    ]);
    const parsed = parseStat(stat);
    return parsed ? { ...parsed, rssKiB: parseRssKiB(status) } : null;
  } catch {
    return null; // it exited between the listing and the read
  }
}

/** Usage of `pid` and its descendants now; null when the process is gone. */
export async function readProcUsage(pid: number, dir = "/proc"): Promise<ProcessUsage | null> {
  const pids = (await readdir(dir)).filter((n) => /^\d+$/.test(n)).map(Number);
  const entries: ProcEntry[] = [];
  // In slices, so that a host with thousands of processes does not open them all at once.
  for (let i = 0; i < pids.length; i += 64) {
    const read = await Promise.all(pids.slice(i, i + 64).map((p) => readEntry(dir, p)));
    for (const e of read) if (e) entries.push(e);
  }
  return sumTree(pid, entries, Date.now());
}
