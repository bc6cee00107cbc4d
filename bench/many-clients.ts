/**
 * npx tsx bench/many-clients.ts — does the live view keep up when many people look? One real
 * supervisord (100 programs), the built dashboard, then 50 live streams open and 50 clients
 * reading /api/fleet twice a second. Measures the adaptive poll interval and crash → stream time
 * with nobody else watching and under that load. Appends a table to docs/BENCHMARKS.md.
 */
import { appendFileSync } from "node:fs";
import path from "node:path";
import type { FleetSnapshot } from "../lib/fleet/types";
import { startApp, type AppInstance } from "../test/harness/app";
import { programCommand, startSupervisord } from "../test/harness/supervisord";
import { connectSse, type SseClient } from "./sse-client";
import { machine, median, percentile, sleep } from "./measure";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const CRASHES = Number(process.env.BENCH_CRASHES ?? 10);

async function fleet(app: AppInstance, cookie: string): Promise<FleetSnapshot> {
  return (await (await fetch(`${app.url}/api/fleet`, { headers: { Cookie: cookie } })).json()) as FleetSnapshot;
}

async function measure(app: AppInstance, cookie: string): Promise<{ intervals: number[]; crashes: number[] }> {
  const intervals: number[] = [];
  for (let i = 0; i < 20; i++) {
    const ep = (await fleet(app, cookie)).endpoints[0];
    if (ep?.pollIntervalMs) intervals.push(ep.pollIntervalMs);
    await sleep(500);
  }
  const sse = await connectSse(`${app.url}/api/events`, { Cookie: cookie });
  const crashes: number[] = [];
  try {
    const running = (await fleet(app, cookie)).processes.filter((p) => p.state === "running" && p.pid);
    for (const victim of running.slice(0, CRASHES)) {
      await sleep(Math.random() * 1000);
      const seen = sse.next((m) => {
        if (!m.data.includes(victim.id)) return false;
        const e = JSON.parse(m.data) as { upsert?: Array<{ id: string; state: string }> };
        return Boolean(e.upsert?.some((p) => p.id === victim.id && p.state !== "running"));
      }, 60_000);
      const t0 = performance.now();
      process.kill(victim.pid!, "SIGKILL");
      await seen;
      crashes.push(Math.round(performance.now() - t0));
    }
  } finally {
    sse.close();
  }
  return { intervals, crashes };
}

async function main(): Promise<void> {
  const programs = Array.from({ length: 100 }, (_, i) => ({ name: `p${i}`, command: programCommand("sleeper.sh"), autorestart: false as const, startsecs: 0 }));
  const sv = await startSupervisord({ programs });
  const app = await startApp({ hosts: [{ id: "bench", supervisord: { socket: sv.socketPath } }], streams: { maxPerUser: 1000, maxTotal: 2000 } });
  const streams: SseClient[] = [];
  let loading = true;
  try {
    const cookie = await app.signIn("viewer");
    for (let i = 0; i < 300 && (await fleet(app, cookie)).processes.filter((p) => p.state === "running").length < 100; i++) await sleep(200);
    const quiet = await measure(app, cookie);
    for (let i = 0; i < CLIENTS; i++) streams.push(await connectSse(`${app.url}/api/events`, { Cookie: cookie }));
    const readers = Array.from({ length: CLIENTS }, async () => {
      while (loading) {
        await fleet(app, cookie).catch(() => undefined);
        await sleep(500);
      }
    });
    const busy = await measure(app, cookie);
    loading = false;
    await Promise.all(readers);
    const row = (name: string, r: { intervals: number[]; crashes: number[] }) =>
      `| ${name} | ${median(r.intervals)} | ${Math.max(...r.intervals)} | ${median(r.crashes)} | ${percentile(r.crashes, 95)} |`;
    const table = [
      "",
      `## Many viewers: ${CLIENTS} live streams + ${CLIENTS} clients reading /api/fleet twice a second — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
      "",
      `${machine()}. One real supervisord with 100 programs, \`pollIntervalMs: 1000\` (the adaptive interval's floor),`,
      `${CRASHES} programs killed with SIGKILL per row (\`npx tsx bench/many-clients.ts\`).`,
      "",
      "| | poll interval, median ms | max ms | crash → stream, median ms | p95 ms |",
      "|---|---:|---:|---:|---:|",
      row("nobody else watching", quiet),
      row(`under ${CLIENTS} + ${CLIENTS} clients`, busy),
      "",
    ].join("\n");
    process.stdout.write(table);
    if (process.env.BENCH_WRITE !== "0") appendFileSync(path.join(__dirname, "../docs/BENCHMARKS.md"), table);
  } finally {
    loading = false;
    for (const s of streams) s.close();
    await app.stop();
    await sv.stop();
  }
}

void main();
