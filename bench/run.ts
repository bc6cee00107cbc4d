/**
 * npm run bench — the fleet measured on this machine, written to docs/BENCHMARKS.md.
 * Real supervisord instances of 10, 100 and 500 programs, the real dashboard (the standalone server, as deployed)
 * and its real SSE stream: crash (kill -9) → change on the stream; poll cost; supervisord CPU.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startApp } from "../test/harness/app";
import { programCommand, startSupervisord } from "../test/harness/supervisord";
import type { FleetSnapshot } from "../lib/fleet/types";
import { measureFleet, reportFleet } from "./fleet";
import { measureSystemd, reportSystemd } from "./systemd";
import { connectSse } from "./sse-client";
import { cpuPercent, machine, median, percentile, rssMiB, sleep } from "./measure";

const SIZES = (process.env.BENCH_SIZES ?? "10,100,500").split(",").filter(Boolean).map(Number);
const CRASHES = Number(process.env.BENCH_CRASHES ?? 20);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 10_000);

interface Row {
  programs: number;
  crashMedian: number;
  crashP95: number;
  pollMedian: number;
  interval: number | null;
  cpuIdle: number;
  cpuPolled: number;
  appRss: number;
}

// The session cookie of each running dashboard (every route needs sign-in).
const cookies = new Map<string, string>();
const auth = (url: string) => ({ Cookie: cookies.get(url) ?? "" });

async function fleet(url: string): Promise<FleetSnapshot> {
  return (await (await fetch(`${url}/api/fleet`, { headers: auth(url) })).json()) as FleetSnapshot;
}

async function measureSize(n: number): Promise<Row> {
  const programs = Array.from({ length: n }, (_, i) => ({
    name: `p${String(i).padStart(3, "0")}`,
    command: programCommand("sleeper.sh"),
    autorestart: false as const,
    startsecs: 0,
  }));
  const sv = await startSupervisord({ programs });
  try {
    await sleep(2_000);
    const cpuIdle = await cpuPercent(sv.pid, WINDOW_MS);
    const app = await startApp({ hosts: [{ id: "bench", supervisord: { socket: sv.socketPath } }] });
    cookies.set(app.url, await app.signIn("viewer"));
    try {
      for (let i = 0; i < 300 && (await fleet(app.url)).processes.filter((p) => p.state === "running").length < n; i++) await sleep(200);
      const polls: number[] = [];
      let interval: number | null = null;
      for (let i = 0; i < 10; i++) {
        const ep = (await fleet(app.url)).endpoints[0];
        if (ep?.lastPollMs != null) polls.push(ep.lastPollMs);
        interval = ep?.pollIntervalMs ?? null;
        await sleep(Math.max(200, (interval ?? 1000) / 2));
      }
      // The interval adapts to the poll's cost: measure over several of them once it has settled.
      const cpuPolled = await cpuPercent(sv.pid, Math.max(WINDOW_MS, 4 * (interval ?? 1000)));
      const latencies = await crashLatencies(app.url, Math.min(CRASHES, n), interval ?? 1000);
      const appRss = rssMiB(app.pid);
      await app.stop();
      return { programs: n, crashMedian: median(latencies), crashP95: percentile(latencies, 95), pollMedian: median(polls), interval, cpuIdle, cpuPolled, appRss };
    } finally {
      await app.stop().catch(() => undefined);
    }
  } finally {
    await sv.stop();
  }
}

/** Kills running programs one at a time, at random phases of the poll, and times the SSE delta. */
async function crashLatencies(url: string, count: number, interval: number): Promise<number[]> {
  const sse = await connectSse(`${url}/api/events`, auth(url));
  const out: number[] = [];
  try {
    const running = (await fleet(url)).processes.filter((p) => p.state === "running" && p.pid);
    for (const victim of running.slice(0, count)) {
      await sleep(Math.random() * interval);
      const seen = sse.next((m) => {
        if (!m.data.includes(victim.id)) return false;
        const e = JSON.parse(m.data) as { type: string; upsert?: Array<{ id: string; state: string }> };
        return Boolean(e.upsert?.some((p) => p.id === victim.id && p.state !== "running"));
        // A big host is polled slowly (the interval adapts to the poll's cost): wait at least two intervals.
      }, Math.max(30_000, 2 * interval + 5_000));
      const t0 = performance.now();
      process.kill(victim.pid!, "SIGKILL");
      await seen;
      out.push(performance.now() - t0);
    }
  } finally {
    sse.close();
  }
  return out;
}

function report(rows: Row[]): string {
  const date = new Date().toISOString().slice(0, 16).replace("T", " ");
  const lines = [
    `## supervisord fleet — ${date} UTC`,
    "",
    `Machine: ${machine()}. Crashes per size: up to ${CRASHES}; CPU windows ${WINDOW_MS / 1000} s.`,
    "",
    "| programs | crash → browser stream, median ms | p95 ms | one poll, median ms | poll interval ms | supervisord CPU idle % | with Respawn polling % | added % | dashboard RSS MiB |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) =>
      `| ${r.programs} | ${r.crashMedian} | ${r.crashP95} | ${r.pollMedian} | ${r.interval ?? "—"} | ${r.cpuIdle} | ${r.cpuPolled} | ${Math.round((r.cpuPolled - r.cpuIdle) * 10) / 10} | ${r.appRss} |`,
    ),
    "",
  ];
  return lines.join("\n");
}

const HEADER = `# Benchmarks

\`npm run bench\` measures Respawn on the machine it runs on and appends one dated section per run
below (newest last); earlier runs stay for comparison. Everything is real: supervisord instances,
the built dashboard (the standalone server, as deployed), its live stream read over HTTP. Timing on shared machines is
noisy: read medians and ratios within one run, not absolute numbers across machines.

How to read a section:
- **crash → browser stream**: a program is killed with SIGKILL; the time until the change arrives
  on the dashboard's live stream (what an open page renders). Median and 95th percentile.
- **CPU %** is of one core, measured from /proc over a fixed window. *supervisord CPU added* is
  supervisord's CPU while watched minus its CPU while nobody watches: the cost of being watched.
- **Fleet** compares one dashboard watching every host with supervisord's own web page
  (\`[inet_http_server]\`), one page per host refreshed once a second with its Refresh button, and
  its "Tail -f" log stream against Respawn's log follow.
`;

async function main(): Promise<void> {
  // Measure the code as it is now, never a stale build left behind.
  if (process.env.BENCH_SKIP_BUILD !== "1") {
    execFileSync(process.execPath, [path.join(__dirname, "..", "node_modules", "next", "dist", "bin", "next"), "build"], {
      cwd: path.join(__dirname, ".."),
      stdio: "inherit",
    });
  }
  const file = path.join(__dirname, "..", "docs", "BENCHMARKS.md");
  if (!existsSync(file)) writeFileSync(file, HEADER);
  const rows: Row[] = [];
  for (const n of SIZES) {
    console.log(`bench: ${n} programs…`);
    rows.push(await measureSize(n));
    console.log(rows.at(-1));
  }
  if (rows.length) {
    const text = report(rows);
    appendFileSync(file, `\n${text}`);
    console.log(text);
  }
  if (process.env.BENCH_SYSTEMD !== "0") {
    console.log("bench: systemd…");
    const date = new Date().toISOString().slice(0, 16).replace("T", " ");
    const systemdText = reportSystemd(await measureSystemd(), machine(), date);
    appendFileSync(file, `\n${systemdText}`);
    console.log(systemdText);
  }
  if (process.env.BENCH_FLEET !== "0") {
    console.log("bench: fleet…");
    const figures = await measureFleet();
    const date = new Date().toISOString().slice(0, 16).replace("T", " ");
    const fleetText = reportFleet(figures, machine(), date);
    appendFileSync(file, `\n${fleetText}`);
    console.log(fleetText);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
