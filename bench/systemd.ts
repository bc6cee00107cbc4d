/** systemd part of the bench: a unit's main process killed → the change on the dashboard's stream. */
import { mkdir, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { startApp } from "../test/harness/app";
import { USER_BUS_ADDRESS, installTestUnits } from "../test/harness/systemd";
import type { FleetSnapshot, ProcessView } from "../lib/fleet/types";
import { connectSse } from "./sse-client";
import { median, percentile, sleep } from "./measure";

export interface SystemdFigures {
  samples: number;
  median: number;
  p95: number;
}

/** Kills the healthy test unit's main process `samples` times and times the SSE delta each time. */
export async function measureSystemd(samples = Number(process.env.BENCH_SYSTEMD_SAMPLES ?? 20)): Promise<SystemdFigures> {
  const units = await installTestUnits([]);
  // Killed 20 times in a row, the unit would hit systemd's default start limit: lift it for the bench.
  const dropIn = path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), ".config"), "systemd", "user", `${units.names.healthy}.d`);
  await mkdir(dropIn, { recursive: true });
  await writeFile(path.join(dropIn, "no-start-limit.conf"), "[Unit]\nStartLimitIntervalSec=0\n");
  await units.systemctl("daemon-reload");
  await units.systemctl("start", units.names.healthy);
  const app = await startApp({
    hosts: [{ id: "bench", systemd: { bus: "user", busAddress: USER_BUS_ADDRESS, units: [`${units.prefix}*`] } }],
  });
  const headers = { Cookie: await app.signIn("viewer") };
  const sse = await connectSse(`${app.url}/api/events`, headers);
  const out: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const unit = await runningUnit(app.url, headers, units.names.healthy);
      await sleep(300 + Math.random() * 300);
      const seen = sse.next((m) => {
        if (!m.data.includes(unit.id)) return false;
        const e = JSON.parse(m.data) as { upsert?: ProcessView[] };
        return Boolean(e.upsert?.some((p) => p.id === unit.id && (p.pid !== unit.pid || p.state !== "running")));
      }, 10_000);
      const t0 = performance.now();
      process.kill(unit.pid!, "SIGKILL");
      await seen;
      out.push(performance.now() - t0);
    }
  } finally {
    sse.close();
    await app.stop();
    await units.teardown();
  }
  return { samples: out.length, median: median(out), p95: percentile(out, 95) };
}

async function runningUnit(url: string, headers: Record<string, string>, name: string): Promise<ProcessView> {
  for (let i = 0; i < 100; i++) {
    const fleet = (await (await fetch(`${url}/api/fleet`, { headers })).json()) as FleetSnapshot;
    const p = fleet.processes.find((x) => x.name === name);
    if (p?.state === "running" && p.pid) return p;
    await sleep(100);
  }
  throw new Error(`${name} did not run`);
}

export function reportSystemd(f: SystemdFigures, machine: string, date: string): string {
  return [
    `## systemd unit — ${date} UTC`,
    "",
    `Machine: ${machine}. A unit's main process killed with SIGKILL (Restart=always), ${f.samples} times; the change reaches the dashboard by D-Bus signal, no polling.`,
    "",
    "| crash → browser stream, median ms | p95 ms |",
    "|---:|---:|",
    `| ${f.median} | ${f.p95} |`,
    "",
  ].join("\n");
}
