/**
 * Restart history as an operator sees it, in real Chromium against the built dashboard and a real
 * supervisord running Respawn's event listener: a program that counts its own starts is crashed
 * a known number of times, and the overview and the timeline must show exactly that many.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppInstance } from "../harness/app";
import { launchBrowser } from "../harness/browser";
import { programCommand, startSupervisord, type SupervisordInstance } from "../harness/supervisord";
import type { HistoryAnswer } from "../../lib/client/use-history";
import type { FleetSnapshot, ProcessView } from "../../lib/fleet/types";

const LISTENER = path.resolve(__dirname, "../../bin/respawn-eventlistener");
const TOKEN = "e2e-listener-token-0123456789abcdef";
const CRASHES = 3;

let sv: SupervisordInstance;
let app: AppInstance;
let browser: Browser;
let page: Page;
let startsFile: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it yields a value (bounded: ~60 s), then returns it. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(`${app.url}${url}`, { headers: await app.headersFor("viewer") });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

async function processNamed(name: string): Promise<ProcessView | undefined> {
  return (await getJson<FleetSnapshot>("/api/fleet")).processes.find((p) => p.name === name);
}

const historyOf = (id: string) => getJson<HistoryAnswer>(`/api/processes/${encodeURIComponent(id)}/history?limit=100`);

beforeAll(async () => {
  sv = await startSupervisord({ programs: [] });
  await writeFile(path.join(sv.dir, "listener.token"), `${TOKEN}\n`, { mode: 0o600 });
  app = await startApp(
    { hosts: [{ id: "local", name: "Local box", supervisord: { socket: sv.socketPath, listenerTokenEnv: "RESPAWN_E2E_LISTENER_TOKEN" } }] },
    { RESPAWN_E2E_LISTENER_TOKEN: TOKEN },
  );
  // The listener needs the dashboard's URL, known only now.
  await sv.addSections([
    [
      "[eventlistener:respawn]",
      `command=${LISTENER}`,
      "events=PROCESS_STATE,TICK_60",
      "buffer_size=1024",
      "autorestart=true",
      `stderr_logfile=${path.join(sv.dir, "logs", "respawn-listener.err.log")}`,
      `environment=RESPAWN_URL="${app.url}",RESPAWN_HOST_ID="local",RESPAWN_LISTENER_TOKEN_FILE="${path.join(sv.dir, "listener.token")}"`,
    ].join("\n"),
  ]);
  // Its own start is its first delivery: from then on the host's counts can be exact.
  const listener = await waitFor("the listener in the fleet", () => processNamed("respawn"));
  await waitFor("the listener's first delivery", async () =>
    (await historyOf(listener.id)).timeline.items.some((t) => t.source === "listener") || undefined,
  );
  startsFile = path.join(sv.dir, "counter.starts");
  await sv.addSections([
    ["[program:counter]", `command=${programCommand("start-counter.sh", startsFile)}`, "autorestart=true", "startsecs=1"].join("\n"),
  ]);
  browser = await launchBrowser();
  page = await (await app.newContext(browser, "viewer")).newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sv?.stop();
});

async function runningCounter(notPid: number | null): Promise<ProcessView> {
  return waitFor("counter running", async () => {
    const p = await processNamed("counter");
    return p?.state === "running" && p.pid !== null && p.pid !== notPid ? p : undefined;
  });
}

async function countStarts(): Promise<number> {
  return (await readFile(startsFile, "utf8").catch(() => "")).split("\n").filter(Boolean).length;
}

describe("restart history in the browser", () => {
  it("shows a program crashed N times as N exact restarts on the overview and N crashes on its timeline", async () => {
    let p = await runningCounter(null);
    for (let i = 0; i < CRASHES; i++) {
      process.kill(p.pid!, "SIGKILL");
      p = await runningCounter(p.pid);
    }
    expect((await countStarts()) - 1).toBe(CRASHES);

    await page.goto(app.url);
    const total = page.locator(`[data-process="${p.id}"] [data-col="restartsTotal"] span`);
    const hour = page.locator(`[data-process="${p.id}"] [data-col="restarts1h"] span`);
    await total.filter({ hasText: new RegExp(`^${CRASHES}$`) }).waitFor({ timeout: 60_000 });
    expect(await total.getAttribute("data-exact")).toBe("true");
    expect(await hour.textContent()).toBe(String(CRASHES));
    expect(await hour.getAttribute("data-exact")).toBe("true");

    await page.locator(`[data-process="${p.id}"] a`).click();
    await page.waitForURL(`**/p/${p.id}`);
    const timeline = page.getByRole("list", { name: "Timeline" });
    await timeline.locator(`li[data-transition]`).first().waitFor();
    await waitFor("every crash on the timeline", async () =>
      (await timeline.locator(`li[data-cause="crash"]`).count()) === CRASHES ? true : undefined,
    );
    expect(await timeline.locator(`li[data-cause="crash"]`).count()).toBe(CRASHES);
    const counts = page.locator("[data-count='since first seen'] dd");
    expect(await counts.textContent()).toBe(String(CRASHES));
    expect(await page.getByRole("img", { name: `${CRASHES} restarts in the last 24 hours, per hour` }).count()).toBe(1);
  });
});
