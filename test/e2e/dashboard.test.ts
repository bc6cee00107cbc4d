/**
 * The flows an operator clicks, in real Chromium against the built dashboard, real supervisord
 * and a real systemd user manager.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppInstance } from "../harness/app";
import { launchBrowser } from "../harness/browser";
import { programCommand, startSupervisord, type SupervisordInstance } from "../harness/supervisord";
import { USER_BUS_ADDRESS, installTestUnits, systemctl, waitUntil, type TestUnits } from "../harness/systemd";
import type { FleetSnapshot, ProcessView } from "../../lib/fleet/types";

let sv: SupervisordInstance;
let units: TestUnits;
let app: AppInstance;
let browser: Browser;
let page: Page;
let healable: string;
let flagFile: string;

const unitDir = () => path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), ".config"), "systemd", "user");

beforeAll(async () => {
  sv = await startSupervisord({
    programs: [
      { name: "web", command: programCommand("sleeper.sh") },
      { name: "crashy", command: programCommand("crash-loop.sh"), startretries: 1 },
      { name: "w1", command: programCommand("sleeper.sh") },
      { name: "w2", command: programCommand("sleeper.sh") },
    ],
    groups: [{ name: "workers", programs: ["w1", "w2"] }],
  });
  units = await installTestUnits(["healthy"]);
  // A unit that fails while a flag file exists: it gives up, and after the fix reset-and-start heals it.
  healable = `${units.prefix}healable.service`;
  flagFile = path.join(sv.dir, "broken.flag");
  await writeFile(flagFile, "broken\n");
  await mkdir(unitDir(), { recursive: true });
  await writeFile(
    path.join(unitDir(), healable),
    [
      "[Unit]",
      "Description=Respawn e2e: fails while a flag file exists",
      "StartLimitIntervalSec=60",
      "StartLimitBurst=2",
      "[Service]",
      `ExecStart=/bin/sh -c 'test ! -e ${flagFile} || exit 4; exec sleep 100000'`,
      "Restart=on-failure",
      "RestartSec=100ms",
      "",
    ].join("\n"),
  );
  await systemctl("daemon-reload");
  await systemctl("start", healable).catch(() => undefined);
  app = await startApp({
    hosts: [
      {
        id: "local",
        name: "Local box",
        supervisord: { socket: sv.socketPath },
        systemd: { bus: "user", busAddress: USER_BUS_ADDRESS, units: [`${units.prefix}*`] },
      },
    ],
  });
  browser = await launchBrowser();
  page = await (await app.newContext(browser, "operator")).newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await systemctl("stop", healable).catch(() => undefined);
  await rm(path.join(unitDir(), healable), { force: true });
  await units?.teardown();
  await sv?.stop();
});

async function fleet(): Promise<FleetSnapshot> {
  return (await (await fetch(`${app.url}/api/fleet`, { headers: await app.headersFor("viewer") })).json()) as FleetSnapshot;
}

async function processNamed(name: string): Promise<ProcessView> {
  let found: ProcessView | undefined;
  await waitUntil(`${name} in the fleet`, async () => Boolean((found = (await fleet()).processes.find((p) => p.name === name))), 150);
  return found!;
}

async function processWhere(name: string, ok: (p: ProcessView) => boolean, what: string): Promise<ProcessView> {
  let found: ProcessView | undefined;
  await waitUntil(what, async () => {
    found = (await fleet()).processes.find((p) => p.name === name);
    return Boolean(found && ok(found));
  }, 300);
  return found!;
}

const row = (name: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });

describe("the dashboard in Chromium", () => {
  it("shows every sample process of both managers on the overview, gave-up counted in the header", async () => {
    await processWhere("crashy", (p) => p.state === "gave-up", "crashy to give up");
    await page.goto(app.url);
    for (const name of ["web", "crashy", "workers:w1", "workers:w2", units.names.healthy]) {
      await row(name).waitFor({ timeout: 20_000 });
    }
    await expect(row("crashy").textContent()).resolves.toMatch(/gave up/i);
    await expect(page.getByText(/gave up\s*\d+/i).first().textContent()).resolves.toMatch(/[1-9]/);
  });

  it("updates a row by itself when a process crashes, without reloading the page", async () => {
    const web = await processWhere("web", (p) => p.state === "running" && Boolean(p.pid), "web running");
    await page.goto(app.url);
    await row("web").waitFor();
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 42));
    process.kill(web.pid!, "SIGKILL");
    // The pid cell exactly: a new pid may contain the old one's digits (345 → 3456).
    const pidCell = row("web").getByRole("cell").nth(4);
    expect((await pidCell.textContent())?.trim()).toBe(String(web.pid));
    await expect
      .poll(async () => (await pidCell.textContent())?.trim(), { timeout: 20_000, interval: 100 })
      .not.toBe(String(web.pid));
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(42);
  });

  it("restarts a process from its page and shows it running again with a new pid", async () => {
    const before = await processWhere("web", (p) => p.state === "running" && Boolean(p.pid), "web running");
    await page.goto(app.url);
    await page.getByRole("link", { name: "web", exact: true }).click();
    await page.waitForURL(`**/p/${before.id}`);
    await page.getByRole("button", { name: "Restart", exact: true }).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.getByRole("button", { name: "Restart", exact: true }).click();
    const status = page.getByRole("status").filter({ hasText: /running \(pid \d+\)/ });
    await status.waitFor({ timeout: 30_000 });
    const shownPid = Number(/pid (\d+)/.exec((await status.textContent()) ?? "")?.[1]);
    expect(shownPid).not.toBe(before.pid);
    const after = await processNamed("web");
    expect(after.state).toBe("running");
    expect(after.pid).toBe(shownPid);
  });

  it("shows a systemd unit that hit its start limit as gave up, and reset-and-start brings it back", async () => {
    const gaveUp = await processWhere(healable, (p) => p.state === "gave-up", "the unit to give up");
    await rm(flagFile, { force: true });
    await page.goto(app.url);
    await expect(row(healable).textContent()).resolves.toMatch(/gave up/i);
    await page.getByRole("link", { name: healable, exact: true }).click();
    await page.waitForURL(`**/p/${gaveUp.id}`);
    await page.getByRole("button", { name: "Reset and start", exact: true }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Reset and start", exact: true }).click();
    await page.getByRole("status").filter({ hasText: /running/ }).waitFor({ timeout: 30_000 });
    await processWhere(healable, (p) => p.state === "running", "the unit running again");
  });
});
