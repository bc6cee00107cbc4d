/**
 * CPU and memory per process, as the process page shows them, against the kernel's and systemd's
 * own figures: `ps` (procps reads /proc on its own) for a supervisord program and its child,
 * `systemctl --user show` for a systemd unit.
 */
import { execFile } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppInstance } from "../harness/app";
import { launchBrowser } from "../harness/browser";
import { startSupervisord, type SupervisordInstance } from "../harness/supervisord";
import {
  USER_BUS_ADDRESS,
  installTestUnits,
  systemctl,
  waitUntil,
  type TestUnits,
} from "../harness/systemd";
import type { FleetSnapshot, ProcessView } from "../../lib/fleet/types";

const run = promisify(execFile);
// A program with a child, holding 40 MiB: memory and tasks must cover the whole tree.
const HOLDER =
  "/usr/bin/python3 -c \"import subprocess,time; c=subprocess.Popen(['sleep','100000']); b=bytearray(40*1024*1024); time.sleep(100000)\"";

let sv: SupervisordInstance;
let units: TestUnits;
let app: AppInstance;
let browser: Browser;
let context: BrowserContext;

async function processNamed(name: string): Promise<ProcessView> {
  const res = await fetch(`${app.url}/api/fleet`, { headers: await app.headersFor("viewer") });
  const found = ((await res.json()) as FleetSnapshot).processes.find((p) => p.name === name);
  if (!found) throw new Error(`no process ${name}`);
  return found;
}

/** The memory (bytes), tasks and CPU time (bytes, count, s) the page shows for a process. */
async function shownUsage(id: string) {
  const page = await context.newPage();
  await page.goto(`${app.url}/p/${id}`);
  const usage = page.locator("[data-usage]");
  await usage.waitFor({ timeout: 15_000 });
  const attr = async (name: string) => Number(await usage.getAttribute(name));
  const shown = {
    memory: await attr("data-memory-bytes"),
    tasks: await attr("data-tasks"),
    cpuS: (await attr("data-cpu-ns")) / 1e9,
    text: (await usage.textContent()) ?? "",
  };
  await page.close();
  return shown;
}

beforeAll(async () => {
  sv = await startSupervisord({
    programs: [
      { name: "holder", command: HOLDER, extra: { stopasgroup: true, killasgroup: true } },
    ],
  });
  units = await installTestUnits(["healthy"]);
  app = await startApp({
    hosts: [
      {
        id: "local",
        name: "Local",
        supervisord: { socket: sv.socketPath },
        systemd: { bus: "user", busAddress: USER_BUS_ADDRESS, units: [`${units.prefix}*`] },
      },
    ],
  });
  await waitUntil(
    "holder to be running",
    async () => (await processNamed("holder")).state === "running",
    150,
  );
  browser = await launchBrowser();
  context = await app.newContext(browser, "viewer", { viewport: { width: 1440, height: 900 } });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await units?.teardown();
  await sv?.stop();
});

describe("CPU and memory per process", () => {
  it("shows a supervisord program's tree as ps counts it: memory within 10 %, every task, CPU time within 1 s", async () => {
    const holder = await processNamed("holder");
    // Wait until the 40 MiB are touched, so both readings see the same settled process.
    await waitUntil("the allocation", async () => {
      const { stdout } = await run("ps", ["-o", "rss=", "-p", String(holder.pid)]);
      return Number(stdout.trim()) > 40 * 1024;
    });
    const shown = await shownUsage(holder.id);
    const { stdout } = await run("ps", [
      "-o",
      "rss=,nlwp=,times=",
      "--pid",
      String(holder.pid),
      "--ppid",
      String(holder.pid),
    ]);
    const rows = stdout
      .trim()
      .split("\n")
      .map((l) => l.trim().split(/\s+/).map(Number));
    expect(rows.length).toBe(2); // python and its sleep child
    const rssBytes = rows.reduce((n, r) => n + (r[0] ?? 0), 0) * 1024;
    const tasks = rows.reduce((n, r) => n + (r[1] ?? 0), 0);
    const cpuS = rows.reduce((n, r) => n + (r[2] ?? 0), 0);
    expect(Math.abs(shown.memory - rssBytes) / rssBytes).toBeLessThan(0.1);
    expect(shown.tasks).toBe(tasks);
    expect(Math.abs(shown.cpuS - cpuS)).toBeLessThanOrEqual(1);
    expect(shown.text).toMatch(/^CPU (…|\d+\.\d %) · \d+(\.\d)? MiB · \d+ tasks$/);
  });

  it("shows a systemd unit's cgroup memory and tasks as systemctl show gives them", async () => {
    const unit = await processNamed(units.names.healthy);
    const shown = await shownUsage(unit.id);
    const props = Object.fromEntries(
      (
        await systemctl(
          "show",
          "-p",
          "MemoryCurrent,TasksCurrent,CPUUsageNSec",
          units.names.healthy,
        )
      )
        .trim()
        .split("\n")
        .map((l) => l.split("=") as [string, string]),
    );
    const memory = Number(props.MemoryCurrent);
    expect(Math.abs(shown.memory - memory) / memory).toBeLessThan(0.2);
    expect(shown.tasks).toBe(Number(props.TasksCurrent));
    // This manager does not account CPU unless CPUAccounting= is on: the page says so.
    if (props.CPUUsageNSec === "[not set]") expect(shown.text).toContain("CPU not accounted");
    else expect(Math.abs(shown.cpuS - Number(props.CPUUsageNSec) / 1e9)).toBeLessThanOrEqual(1);
  });

  it("shows the same figures in the overview's CPU and Memory columns, from the shared sampler", async () => {
    const holder = await processNamed("holder");
    const unit = await processNamed(units.names.healthy);
    const page = await context.newPage();
    await page.goto(app.url);
    const memoryOf = (id: string) => page.locator(`[data-process='${id}'] [data-col='memory'] [data-memory-bytes]`);
    const cpuOf = (id: string) => page.locator(`[data-process='${id}'] [data-col='cpu'] [data-cpu-percent]`);
    await memoryOf(holder.id).waitFor({ timeout: 20_000 });
    await memoryOf(unit.id).waitFor({ timeout: 20_000 });
    // The CPU rate needs two samples 10 s apart.
    await cpuOf(holder.id).waitFor({ timeout: 40_000 });
    const { stdout } = await run("ps", ["-o", "rss=", "--pid", String(holder.pid), "--ppid", String(holder.pid)]);
    const rssBytes = stdout.trim().split("\n").reduce((n, l) => n + Number(l.trim()), 0) * 1024;
    const shownHolder = Number(await memoryOf(holder.id).getAttribute("data-memory-bytes"));
    expect(Math.abs(shownHolder - rssBytes) / rssBytes).toBeLessThan(0.1);
    // A sleeping python uses next to no CPU: the rate is a small non-negative number.
    const cpu = Number(await cpuOf(holder.id).getAttribute("data-cpu-percent"));
    expect(cpu).toBeGreaterThanOrEqual(0);
    expect(cpu).toBeLessThan(20);
    const shown = await memoryOf(unit.id).textContent();
    expect(shown).toMatch(/^\d+(\.\d)? (KiB|MiB)$/);
    const props = await systemctl("show", "-p", "MemoryCurrent", "--value", units.names.healthy);
    const memory = Number(props.trim());
    const shownUnit = Number(await memoryOf(unit.id).getAttribute("data-memory-bytes"));
    expect(Math.abs(shownUnit - memory) / memory).toBeLessThan(0.2);
    await page.screenshot({ path: path.join(os.tmpdir(), "respawn-overview-usage-1440.png") });
    await page.close();
  }, 90_000);

  it("puts CPU and memory on the phone cards without sideways scroll", async () => {
    const holder = await processNamed("holder");
    const phone = await app.newContext(browser, "viewer", { viewport: { width: 390, height: 844 } });
    const page = await phone.newPage();
    await page.goto(app.url);
    const line = page.locator(`li[data-process='${holder.id}'] [data-usage-line]`);
    await line.waitFor({ timeout: 20_000 });
    expect(await line.textContent()).toMatch(/^ · CPU (…|\d+\.\d %) · \d+(\.\d)? MiB$/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(os.tmpdir(), "respawn-overview-usage-390.png") });
    await phone.close();
  }, 60_000);

  it("keeps per-minute readings in the store and draws them on the process page", async () => {
    const holder = await processNamed("holder");
    const res = await fetch(`${app.url}/api/processes/${encodeURIComponent(holder.id)}/usage/history`, {
      headers: await app.headersFor("viewer"),
    });
    const { minutes } = (await res.json()) as { minutes: { at: number; memoryBytes: number | null }[] };
    expect(minutes.length).toBeGreaterThanOrEqual(1);
    expect(minutes.length).toBeLessThanOrEqual(3); // one row per minute, however many samples
    const { stdout } = await run("ps", ["-o", "rss=", "--pid", String(holder.pid), "--ppid", String(holder.pid)]);
    const rssBytes = stdout.trim().split("\n").reduce((n, l) => n + Number(l.trim()), 0) * 1024;
    const peak = Math.max(...minutes.map((m) => m.memoryBytes ?? 0));
    expect(Math.abs(peak - rssBytes) / rssBytes).toBeLessThan(0.1);
    const page = await context.newPage();
    await page.goto(`${app.url}/p/${holder.id}`);
    const chart = page.getByRole("img", { name: /^Memory: now \d+(\.\d)? MiB, peak/ });
    await chart.waitFor({ timeout: 15_000 });
    await chart.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(os.tmpdir(), "respawn-usage-chart-1440.png") });
    await page.close();
  }, 60_000);
});
