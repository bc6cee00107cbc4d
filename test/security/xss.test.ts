/**
 * Hostile names, descriptions and log lines are text, never markup, in real Chromium: a dialog
 * handler and a window.__xss canary catch any script that runs.
 */
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FleetSnapshot, ProcessView } from "../../lib/fleet/types";
import { startApp, type AppInstance } from "../harness/app";
import { launchBrowser } from "../harness/browser";
import { startSupervisord, type SupervisordInstance } from "../harness/supervisord";
import { installTestUnits, USER_BUS_ADDRESS, waitUntil, type TestUnits } from "../harness/systemd";

// supervisord refuses '/' and spaces in program names, so the payload uses '_' for spaces.
const HOSTILE_NAME = "<img_src=x_onerror=alert(1)>";
const LOGGER = fileURLToPath(new URL("./fixtures/html-logger.sh", import.meta.url));

let sv: SupervisordInstance;
let units: TestUnits;
let app: AppInstance;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const dialogs: string[] = [];

async function processNamed(name: string): Promise<ProcessView> {
  let found: ProcessView | undefined;
  await waitUntil(`${name} listed`, async () => {
    const fleet = (await (await fetch(`${app.url}/api/fleet`, { headers: await app.headersFor("viewer") })).json()) as FleetSnapshot;
    found = fleet.processes.find((p) => p.name === name && p.state === "running");
    return Boolean(found);
  }, 300);
  return found!;
}

async function expectNoScriptRan(): Promise<void> {
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBe(0);
  expect(await page.locator('img[src="x"], script:not([src]):has-text("__xss")').count()).toBe(0);
  expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
}

beforeAll(async () => {
  sv = await startSupervisord({
    programs: [
      { name: HOSTILE_NAME, command: LOGGER },
      { name: "html-logs", command: LOGGER },
    ],
  });
  units = await installTestUnits(["hostile"]);
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
  context = await app.newContext(browser, "viewer");
  await context.addInitScript(() => ((window as unknown as { __xss: number }).__xss = 0));
  page = await context.newPage();
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await units?.teardown();
  await sv?.stop();
});

describe("hostile text in Chromium", () => {
  it("shows a process named like an <img onerror> tag, and a unit described as one, as text", async () => {
    await processNamed(HOSTILE_NAME);
    const unit = await processNamed(units.names.hostile);
    await page.goto(app.url);
    await page.getByRole("link", { name: HOSTILE_NAME, exact: true }).waitFor({ timeout: 20_000 });
    await page.getByText(units.names.hostile, { exact: true }).first().waitFor();
    await expectNoScriptRan();
    await page.goto(`${app.url}/p/${unit.id}`);
    await page.getByText("<img src=x onerror=alert(1)>").first().waitFor({ timeout: 20_000 });
    await expectNoScriptRan();
  });

  it("shows log lines with markup, ANSI, OSC-8 links, bidi overrides and invalid UTF-8 as text", async () => {
    const logs = await processNamed("html-logs");
    await page.goto(`${app.url}/p/${logs.id}`);
    await page.getByText(/<script>window\.__xss=1<\/script>/).first().waitFor({ timeout: 30_000 });
    for (const marker of ["ansi-line", "osc8-line", "bidi-line"]) {
      await page.getByText(marker).first().waitFor({ timeout: 30_000 });
    }
    const text = (await page.locator("body").textContent()) ?? "";
    // ANSI colours are drawn, not printed; the escape bytes never reach the page as text.
    expect(text).not.toContain("\u001b[31m");
    expect(text).toContain("red");
    await expectNoScriptRan();
  });

  it("answers pages with a nonce-based CSP that forbids inline script", async () => {
    const res = await page.goto(app.url);
    const csp = res?.headers()["content-security-policy"] ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res?.headers()["x-content-type-options"]).toBe("nosniff");
    expect(res?.headers()["x-frame-options"]).toBe("DENY");
    // The page still works under it: the live table rendered by client script is there.
    await page.getByRole("link", { name: HOSTILE_NAME, exact: true }).waitFor({ timeout: 20_000 });
    await expectNoScriptRan();
  });

  it("signs in through the form under that CSP, back to the page asked for, and signs out", async () => {
    const anonymous = await browser.newContext();
    try {
      const login = await anonymous.newPage();
      await login.goto(`${app.url}/p/some-process`);
      await login.waitForURL(/\/login\?next=%2Fp%2Fsome-process$/);
      await login.getByLabel("User name").fill(app.users.operator.name);
      await login.getByLabel("Password").fill("not the password");
      await login.getByRole("button", { name: "Sign in" }).click();
      await login.getByRole("alert").filter({ hasText: "wrong user name or password" }).waitFor();
      await login.getByLabel("Password").fill(app.users.operator.password);
      await login.getByRole("button", { name: "Sign in" }).click();
      await login.waitForURL(`${app.url}/p/some-process`);
      await login.goto(app.url);
      await login.getByRole("button", { name: "Sign out" }).click();
      await login.waitForURL(/\/login/);
      expect((await anonymous.cookies()).find((c) => c.name === "respawn_session")).toBeUndefined();
    } finally {
      await anonymous.close();
    }
  });
});
