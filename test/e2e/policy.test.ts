/**
 * Restart policies in real Chromium against the built dashboard: advice → fix → editor → diff →
 * apply on a real supervisord, the file read back, the history restore, and the API's role checks.
 */
import { readFile, rm } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppInstance } from "../harness/app";
import { launchBrowser } from "../harness/browser";
import { programCommand, startSupervisord, type SupervisordInstance } from "../harness/supervisord";
import { USER_BUS_ADDRESS, installTestUnits, waitUntil, type TestUnits } from "../harness/systemd";
import { encodeProcessId } from "../../lib/util/ids";

let sv: SupervisordInstance;
let units: TestUnits;
let app: AppInstance;
let browser: Browser;
let page: Page;
const unitDir = path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), ".config"), "systemd", "user");
const stormId = encodeProcessId({ hostId: "local", manager: "supervisord", name: "storm" });

beforeAll(async () => {
  sv = await startSupervisord({
    programs: [
      // A long-running program that is not restarted when it stops: the advisor offers autorestart=unexpected.
      { name: "storm", command: programCommand("sleeper.sh"), autorestart: false, extra: { stopasgroup: true, killasgroup: true } },
    ],
  });
  units = await installTestUnits(["healthy"]);
  app = await startApp({
    hosts: [
      {
        id: "local",
        supervisord: { socket: sv.socketPath },
        systemd: { bus: "user", busAddress: USER_BUS_ADDRESS, units: [`${units.prefix}*`] },
      },
    ],
  });
  browser = await launchBrowser();
  page = await (await app.newContext(browser, "admin")).newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  for (const n of Object.values(units?.names ?? {})) await rm(path.join(unitDir, `${n}.d`), { recursive: true, force: true });
  await units?.teardown();
  await sv?.stop();
});

async function api(method: string, url: string, role: "admin" | "viewer", body?: unknown): Promise<Response> {
  return fetch(`${app.url}${url}`, {
    method,
    headers: { ...(await app.headersFor(role)), "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe("restart policies in the browser", () => {
  it("advice → fix → editor → diff → apply changes the file, supervisord runs the new policy, and history restores the old one", async () => {
    await waitUntil("storm in the fleet", async () => (await api("GET", `/api/processes/${stormId}`, "viewer")).ok, 150);
    await page.goto(`${app.url}/p/${stormId}`);
    const panel = page.getByRole("region", { name: "Restart policy" });
    const advice = panel.locator("[data-rule=autorestart-off]");
    await advice.waitFor({ timeout: 30_000 });
    await advice.getByRole("button", { name: "Fix…" }).click();

    const editor = panel.getByRole("region", { name: "Policy editor" });
    await expect(editor.getByLabel("New Restart when it exits").inputValue()).resolves.toBe("unexpected");
    await editor.getByRole("button", { name: "Preview change" }).click();
    const diff = editor.getByLabel("File change");
    await diff.waitFor();
    await expect(diff.locator("[data-diff=remove]").allTextContents()).resolves.toEqual(["-autorestart=false"]);
    await expect(diff.locator("[data-diff=add]").allTextContents()).resolves.toEqual(["+autorestart=unexpected"]);
    await expect(editor.textContent()).resolves.toMatch(/stopped and started again/);

    const original = await readFile(sv.confPath, "utf8");
    await editor.getByRole("button", { name: "Apply" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Apply and restart storm?" });
    await dialog.getByRole("button", { name: "Apply" }).click();
    await panel.getByRole("status").filter({ hasText: "restarted storm" }).waitFor({ timeout: 60_000 });
    expect(await readFile(sv.confPath, "utf8")).toBe(original.replace("autorestart=false", "autorestart=unexpected"));
    await panel.locator("[data-setting=autorestart]").filter({ hasText: sv.confPath }).waitFor();
    await expect.poll(() => panel.locator("[data-rule=autorestart-off]").count(), { timeout: 20_000 }).toBe(0);

    const entry = panel.getByRole("list", { name: "Policy history" }).locator("li").first();
    await entry.getByRole("button", { name: "Restore the version before" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Restore" }).click();
    await panel.locator("[data-rule=autorestart-off]").waitFor({ timeout: 60_000 });
    expect(await readFile(sv.confPath, "utf8")).toBe(original);
    await expect.poll(() => panel.getByRole("list", { name: "Policy history" }).locator("li").count(), { timeout: 20_000 }).toBe(2);

    const audit = (await (await api("GET", "/api/admin/audit?target=local/supervisord/storm", "admin")).json()) as {
      entries: Array<{ actor: string; action: string; result: string }>;
    };
    const rows = audit.entries.map((e) => `${e.actor} ${e.action} ${e.result}`);
    expect(rows).toEqual(expect.arrayContaining(["admin policy.apply attempted", "admin policy.apply ok", "admin policy.restore attempted", "admin policy.restore ok"]));
  });

  it("the API reads for any signed-in user, changes only for admins, and lists advice for the overview", async () => {
    const unitId = encodeProcessId({ hostId: "local", manager: "systemd", name: units.names.healthy });
    expect((await api("GET", `/api/processes/${unitId}/policy`, "viewer")).status).toBe(200);
    const denied = await api("POST", `/api/processes/${unitId}/policy`, "viewer", { change: { RestartSec: 2 } });
    expect(denied.status).toBe(403);
    const bad = await api("POST", `/api/processes/${unitId}/policy`, "admin", { change: { RestartSec: "2\nUser=root" } });
    expect(bad.status).toBe(400);
    const ok = await api("POST", `/api/processes/${unitId}/policy`, "admin", { change: { RestartSec: 2 } });
    expect(ok.status).toBe(200);
    const dropIn = path.join(unitDir, `${units.names.healthy}.d`, "50-respawn.conf");
    expect(await readFile(dropIn, "utf8")).toContain("[Service]\nRestartSec=2\n");
    const advice = (await (await api("GET", "/api/policies/advice", "viewer")).json()) as { advice: Record<string, { rules: string[] }> };
    expect(advice.advice[stormId]?.rules).toContain("autorestart-off");
  });
});
