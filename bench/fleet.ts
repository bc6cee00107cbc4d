/**
 * The fleet at scale: HOSTS real supervisord instances × PROGRAMS programs each, watched by one
 * dashboard, side by side with supervisord's own web page doing the same job.
 */
import { startApp, type AppInstance } from "../test/harness/app";
import { programCommand, startSupervisord, type SupervisordInstance } from "../test/harness/supervisord";
import type { FleetSnapshot } from "../lib/fleet/types";
import { cpuSeconds, median, percentile, rssMiB, sleep } from "./measure";
import { connectSse, type SseClient } from "./sse-client";
import { refreshPages, tailLogs, type WebHost } from "./supervisord-web";

const HOSTS = Number(process.env.BENCH_FLEET_HOSTS ?? 20);
const PROGRAMS = Number(process.env.BENCH_FLEET_PROGRAMS ?? 50);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 10_000);
const CRASHES = Number(process.env.BENCH_FLEET_CRASHES ?? 20);
const INET = { username: "bench", password: "bench-pw" };

export interface FleetFigures {
  hosts: number;
  programs: number;
  svIdle: number;
  respawn: { idleCpu: number; idleRss: number; svCpu: number; followCpu: number; followRss: number; followSvCpu: number; crashMedian: number; crashP95: number };
  web: { pageBytes: number; pageMedianMs: number; svCpu: number; tailSvCpu: number };
}

/** CPU (% of one core) used over `ms` by all of `pids` together. */
async function cpuOf(pids: number[], ms: number): Promise<number> {
  const before = pids.map(cpuSeconds);
  await sleep(ms);
  const used = pids.reduce((sum, pid, i) => sum + cpuSeconds(pid) - (before[i] ?? 0), 0);
  return Math.round((used / (ms / 1000)) * 1000) / 10;
}

async function startFleet(): Promise<SupervisordInstance[]> {
  const programs = [
    { name: "logger", command: programCommand("logger.sh", 0.5), startsecs: 0, autorestart: false as const },
    ...Array.from({ length: PROGRAMS - 1 }, (_, i) => ({
      name: `svc${String(i).padStart(2, "0")}`,
      command: "/bin/sleep 86400",
      startsecs: 0,
      autorestart: false as const,
    })),
  ];
  const fleet: SupervisordInstance[] = [];
  for (let i = 0; i < HOSTS; i += 5) {
    const n = Math.min(5, HOSTS - i);
    fleet.push(...(await Promise.all(Array.from({ length: n }, () => startSupervisord({ programs, inet: INET })))));
  }
  return fleet;
}

async function readFleet(app: AppInstance): Promise<FleetSnapshot> {
  return (await (await fetch(`${app.url}/api/fleet`, { headers: await app.headersFor("viewer") })).json()) as FleetSnapshot;
}

/** Kills one running program per host in turn and times the change reaching the live stream. */
async function crashLatencies(app: AppInstance, sse: SseClient): Promise<number[]> {
  const running = (await readFleet(app)).processes.filter((p) => p.state === "running" && p.pid && p.name !== "logger");
  const victims = Array.from({ length: HOSTS }, (_, h) => running.filter((p) => p.hostId === `h${h}`)).flatMap((ps) => ps.slice(0, 1));
  const out: number[] = [];
  for (const victim of victims.slice(0, CRASHES)) {
    await sleep(200 + Math.random() * 800);
    const seen = sse.next((m) => m.data.includes(victim.id) && /"state":"(crashed|stopped)"/.test(m.data));
    const t0 = performance.now();
    process.kill(victim.pid!, "SIGKILL");
    await seen;
    out.push(performance.now() - t0);
  }
  return out;
}

async function measureRespawn(fleet: SupervisordInstance[]): Promise<FleetFigures["respawn"]> {
  const svPids = fleet.map((s) => s.pid);
  const app = await startApp({ hosts: fleet.map((s, i) => ({ id: `h${i}`, supervisord: { socket: s.socketPath } })) });
  try {
    const total = HOSTS * PROGRAMS;
    for (let i = 0; i < 300 && (await readFleet(app)).processes.filter((p) => p.state === "running").length < total; i++) await sleep(200);
    await sleep(5_000);
    const [idleCpu, svCpu] = await Promise.all([cpuOf([app.pid], WINDOW_MS), cpuOf(svPids, WINDOW_MS)]);
    const idleRss = rssMiB(app.pid);
    const headers = await app.headersFor("viewer");
    const sse = await connectSse(`${app.url}/api/events`, headers);
    const latencies = await crashLatencies(app, sse);
    sse.close();
    const loggers = (await readFleet(app)).processes.filter((p) => p.name === "logger");
    const follows = await Promise.all(
      loggers.map((p) => connectSse(`${app.url}/api/processes/${encodeURIComponent(p.id)}/logs/follow?stream=stdout`, headers)),
    );
    await sleep(3_000);
    const [followCpu, followSvCpu] = await Promise.all([cpuOf([app.pid], WINDOW_MS), cpuOf(svPids, WINDOW_MS)]);
    const followRss = rssMiB(app.pid);
    follows.forEach((f) => f.close());
    return { idleCpu, idleRss, svCpu, followCpu, followRss, followSvCpu, crashMedian: median(latencies), crashP95: percentile(latencies, 95) };
  } finally {
    await app.stop();
  }
}

async function measureWeb(fleet: SupervisordInstance[]): Promise<FleetFigures["web"]> {
  const hosts: WebHost[] = fleet.map((s) => ({ base: new URL(s.url ?? "").origin, ...INET }));
  const svPids = fleet.map((s) => s.pid);
  const stop = new AbortController();
  const refreshing = refreshPages(hosts, 1_000, stop.signal);
  await sleep(2_000);
  const svCpu = await cpuOf(svPids, WINDOW_MS);
  stop.abort();
  const pages = await refreshing;
  const closeTails = tailLogs(hosts, "logger");
  await sleep(2_000);
  const tailSvCpu = await cpuOf(svPids, WINDOW_MS);
  closeTails();
  return { pageBytes: pages.bytes, pageMedianMs: median(pages.ms), svCpu, tailSvCpu };
}

/** Runs the whole fleet comparison; every supervisord is stopped at the end, whatever happens. */
export async function measureFleet(): Promise<FleetFigures> {
  const fleet = await startFleet();
  try {
    await sleep(3_000);
    const svIdle = await cpuOf(fleet.map((s) => s.pid), WINDOW_MS);
    const respawn = await measureRespawn(fleet);
    await sleep(3_000);
    const web = await measureWeb(fleet);
    return { hosts: HOSTS, programs: PROGRAMS, svIdle, respawn, web };
  } finally {
    await Promise.all(fleet.map((s) => s.stop().catch(() => undefined)));
  }
}

const round = (x: number) => Math.round(x * 10) / 10;

/** The fleet figures as a Markdown section, Respawn and supervisord's page side by side. */
export function reportFleet(f: FleetFigures, machineLine: string, date: string): string {
  const r = f.respawn;
  const w = f.web;
  return [
    `## Fleet: ${f.hosts} supervisord hosts × ${f.programs} programs: ${date} UTC`,
    "",
    `Machine: ${machineLine}. CPU in % of one core over ${WINDOW_MS / 1000} s windows; supervisord CPU is the sum over all ${f.hosts} instances (idle, nobody watching: ${f.svIdle} %).`,
    "",
    "| | Respawn (one dashboard, all hosts) | supervisord's own web page (one per host) |",
    "|---|---:|---:|",
    `| crash → shown, median / p95 ms | ${r.crashMedian} / ${r.crashP95} (live stream, no reload) | at the next refresh: ~${Math.round(500 + w.pageMedianMs)} on average when refreshed every 1 s (${round(w.pageMedianMs)} ms per refresh, ${Math.round(w.pageBytes / 1024)} KB page) |`,
    `| watching, idle: viewer-side process CPU % | ${r.idleCpu} (dashboard server) | — (the page is served by supervisord itself) |`,
    `| watching, idle: viewer-side RSS MiB | ${r.idleRss} | — |`,
    `| watching, idle: supervisord CPU added % | ${round(r.svCpu - f.svIdle)} | ${round(w.svCpu - f.svIdle)} (all ${f.hosts} pages refreshed every 1 s) |`,
    `| following one log per host: viewer-side CPU % | ${r.followCpu} | — |`,
    `| following one log per host: RSS MiB | ${r.followRss} | — |`,
    `| following one log per host: supervisord CPU added % | ${round(r.followSvCpu - f.svIdle)} (polling included) | ${round(w.tailSvCpu - f.svIdle)} (its "Tail -f" stream, no page refresh) |`,
    "",
  ].join("\n");
}
