/**
 * In real Chromium against the built dashboard: a systemd unit that is installed, disabled and
 * never loaded appears on the overview and is started and enabled from its page by an operator;
 * an admin rereads supervisord's files and loads an added and a removed program with update.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppInstance } from "../harness/app";
import { launchBrowser } from "../harness/browser";
import { programCommand, startSupervisord, type SupervisordInstance } from "../harness/supervisord";
import { ensureUserManager, systemctl, USER_BUS_ADDRESS, waitUntil } from "../harness/systemd";
import { encodeProcessId } from "../../lib/util/ids";

const prefix = `rsp-${randomBytes(3).toString("hex")}-`;
const unitDir = path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), ".config"), "systemd", "user");
const unit = `${prefix}idle.service`;
const unitId = encodeProcessId({ hostId: "local", manager: "systemd", name: unit });
const shots = process.env.RESPAWN_SCREENSHOTS;

let sv: SupervisordInstance;
let app: AppInstance;
let browser: Browser;

async function shot(page: Page, name: string): Promise<void> {
  if (shots) await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

async function supervisorctl(...args: string[]): Promise<string> {
  const run = promisify(execFile)("supervisorctl", ["-s", `unix://${sv.socketPath}`, ...args]);
  return (await run.catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? "" }))).stdout.trim();
}

const isEnabled = async () => (await systemctl("is-enabled", unit).catch((e: { stdout?: string }) => e.stdout ?? "")).trim();

beforeAll(async () => {
  await ensureUserManager();
  await mkdir(unitDir, { recursive: true });
  await writeFile(
    path.join(unitDir, unit),
    "[Unit]\nDescription=Respawn test: installed, never started\n\n[Service]\nExecStart=/bin/sleep infinity\n\n[Install]\nWantedBy=default.target\n",
  );
  await systemctl("daemon-reload");
  sv = await startSupervisord({
    programs: [
      { name: "keep", command: programCommand("sleeper.sh") },
      { name: "retired", command: programCommand("sleeper.sh") },
    ],
  });
  app = await startApp({
    hosts: [
      {
        id: "local",
        supervisord: { socket: sv.socketPath },
        systemd: { bus: "user", busAddress: USER_BUS_ADDRESS, units: [`${prefix}*`] },
      },
    ],
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await systemctl("disable", unit).catch(() => undefined);
  await systemctl("stop", unit).catch(() => undefined);
  await rm(path.join(unitDir, unit), { force: true });
  await systemctl("daemon-reload").catch(() => undefined);
  await sv?.stop();
});

describe("every unit, and supervisord's reread/update, in the browser", () => {
  it("a stopped, disabled unit that systemd never loaded is listed, then started and enabled from its page", async () => {
    const page = await (await app.newContext(browser, "operator")).newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(app.url);
    const row = page.locator(`[data-process="${unitId}"]`);
    await row.waitFor({ timeout: 30_000 });
    await expect(row.getByText("stopped", { exact: true }).count()).resolves.toBeGreaterThan(0);
    await expect(row.locator("[data-unit-file-state=disabled]").count()).resolves.toBe(1);
    await shot(page, "unit-file-overview");

    await row.getByRole("link", { name: unit, exact: true }).click();
    await page.getByRole("button", { name: "Start", exact: true }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Start", exact: true }).click();
    await page.getByRole("status").filter({ hasText: /running \(pid \d+\)/ }).waitFor({ timeout: 30_000 });
    expect((await systemctl("is-active", unit)).trim()).toBe("active");

    await page.getByRole("button", { name: "Enable", exact: true }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Enable", exact: true }).click();
    await page.getByRole("status").filter({ hasText: /Enable done/ }).waitFor({ timeout: 30_000 });
    expect(await isEnabled()).toBe("enabled");
    await page.locator("[data-unit-file-state=enabled]").first().waitFor();
    await shot(page, "unit-file-enabled");

    const audit = await fetch(`${app.url}/api/admin/audit?limit=50`, { headers: await app.headersFor("admin") });
    const entries = ((await audit.json()) as { entries: Array<{ actor: string; action: string; result: string }> }).entries;
    expect(entries.filter((e) => e.actor === "operator").map((e) => `${e.action} ${e.result}`)).toEqual(
      expect.arrayContaining(["process.start done", "process.enable done"]),
    );
  });

  it("an admin sees what changed in supervisord's files and loads it with update; others may not", async () => {
    const conf = await readFile(sv.confPath, "utf8");
    const fresh = `[program:fresh]\ncommand=${programCommand("sleeper.sh")}\nstdout_logfile=${sv.dir}/logs/fresh.log`;
    await writeFile(sv.confPath, conf.split("\n\n").filter((s) => !s.startsWith("[program:retired]")).join("\n\n") + `\n\n${fresh}\n`);

    const page = await (await app.newContext(browser, "admin")).newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(app.url);
    await page.getByRole("link", { name: "Config files: reread / update" }).click();
    await page.getByRole("button", { name: "Check the files (reread)" }).click();
    await page.locator("[data-config-changes]").waitFor();
    await expect(page.getByRole("region", { name: "Added" }).locator("[data-group]").allTextContents()).resolves.toEqual(["fresh"]);
    await expect(page.getByRole("region", { name: "Removed" }).locator("[data-group]").allTextContents()).resolves.toEqual(["retired"]);
    await shot(page, "config-reread-mobile");

    await page.getByRole("button", { name: "Apply 2 changes (update)" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Apply", exact: true }).click();
    await page.locator("[data-update-ok=true]").waitFor({ timeout: 60_000 });
    await shot(page, "config-update-mobile");
    expect(await supervisorctl("reread")).toBe("No config updates to processes");
    // Added with autostart: supervisord starts it after the add (STARTING, then RUNNING after startsecs).
    await waitUntil("fresh running", async () => /RUNNING/.test(await supervisorctl("status", "fresh")), 100);
    const audit = await fetch(`${app.url}/api/admin/audit?action=config.update&limit=10`, { headers: await app.headersFor("admin") });
    const rows = ((await audit.json()) as { entries: Array<{ actor: string; result: string; target: string }> }).entries;
    expect(rows.map((r) => `${r.actor} ${r.target} ${r.result}`).sort()).toEqual(["admin local attempted", "admin local done"]);

    await page.goto(app.url);
    await page.locator(`[data-process="${encodeProcessId({ hostId: "local", manager: "supervisord", name: "fresh" })}"]`).waitFor({ timeout: 30_000 });
    await waitUntil("retired gone from the overview", async () => (await page.locator(`[data-process="${encodeProcessId({ hostId: "local", manager: "supervisord", name: "retired" })}"]`).count()) === 0);

    for (const role of ["operator", "viewer"] as const) {
      const res = await fetch(`${app.url}/api/hosts/local/config/reread`, {
        method: "POST",
        headers: { ...(await app.headersFor(role)), "Content-Type": "application/json" },
        body: "{}",
      });
      expect(res.status).toBe(403);
    }
  });
});
