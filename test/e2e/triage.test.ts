/**
 * The first screen answers "what broke and why", on a desk (1440×900) and a phone (390×844): real
 * Chromium against the built dashboard and a real supervisord running the demo's `gateway`, which
 * fails at once with "cannot read /etc/gateway/gateway.toml" until supervisord gives up on it.
 * With RESPAWN_TOUR_DIR set, the screenshots of docs/TOUR.md are written there.
 */
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppInstance } from "../harness/app";
import { seriousViolations } from "../harness/axe";
import { launchBrowser } from "../harness/browser";
import { programCommand, startSupervisord, type SupervisordInstance } from "../harness/supervisord";
import { waitUntil } from "../harness/systemd";
import type { FleetSnapshot } from "../../lib/fleet/types";

const DEMO_GATEWAY = fileURLToPath(new URL("../../demo/programs/crash-loop.sh", import.meta.url));
const CAUSE = "cannot read /etc/gateway/gateway.toml";
const DESK = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const TOUR = process.env.RESPAWN_TOUR_DIR;

let sv: SupervisordInstance;
let app: AppInstance;
let browser: Browser;
let desk: BrowserContext;
let phone: BrowserContext;
let gatewayId: string;

async function fleet(): Promise<FleetSnapshot> {
  const res = await fetch(`${app.url}/api/fleet`, { headers: await app.headersFor("operator") });
  return (await res.json()) as FleetSnapshot;
}

async function shot(page: Page, name: string): Promise<void> {
  if (!TOUR) return;
  await mkdir(TOUR, { recursive: true });
  await page.screenshot({ path: path.join(TOUR, `${name}.png`) });
}

/** How far the page can scroll sideways (0 when nothing sticks out). */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

beforeAll(async () => {
  sv = await startSupervisord({
    programs: [
      { name: "gateway", command: DEMO_GATEWAY, startsecs: 1, startretries: 3 },
      { name: "web", command: programCommand("sleeper.sh") },
      { name: "ticker", command: programCommand("logger.sh", 0.2) },
      { name: "w1", command: programCommand("sleeper.sh") },
      { name: "w2", command: programCommand("sleeper.sh") },
    ],
    groups: [{ name: "workers", programs: ["w1", "w2"] }],
  });
  app = await startApp({
    hosts: [{ id: "edge-1", name: "Edge 1", supervisord: { socket: sv.socketPath } }],
  });
  await waitUntil(
    "supervisord to give up on gateway",
    async () =>
      (await fleet()).processes.some((p) => p.name === "gateway" && p.state === "gave-up"),
    300,
  );
  gatewayId = (await fleet()).processes.find((p) => p.name === "gateway")!.id;
  browser = await launchBrowser();
  desk = await app.newContext(browser, "operator", { viewport: DESK, acceptDownloads: true });
  phone = await app.newContext(browser, "operator", {
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
  });
}, 90_000);

// A failed test must not leave its page open: each holds live streams, and Chromium allows six
// connections per host, so leftovers would stall the next tests' requests.
afterEach(async () => {
  for (const context of [desk, phone])
    for (const page of context?.pages() ?? []) await page.close();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sv?.stop();
});

describe("the process page leads with why", () => {
  it("shows the gateway's cause, exit and the manager's reason on the first screen at 1440×900", async () => {
    const page = await desk.newPage();
    await page.goto(`${app.url}/p/${gatewayId}`);
    const lines = page.locator("[data-error-lines]");
    await expect.poll(() => lines.textContent(), { timeout: 15_000 }).toContain(CAUSE);
    const why = page.getByRole("region", { name: "What happened" });
    expect(await why.textContent()).toContain("Exited too quickly");
    const box = await lines.boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(DESK.height);
    const action = page.getByRole("button", { name: /start/i }).first();
    const actionBox = await action.boundingBox();
    expect(actionBox!.y + actionBox!.height).toBeLessThanOrEqual(DESK.height);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await expect.poll(() => page.title()).toBe("(1) gave up — gateway — Respawn");
    await shot(page, "process-gave-up");
    await page.close();
  });

  it("says why in one line on the overview row of what gave up, and counts it in the title", async () => {
    const page = await desk.newPage();
    await page.goto(app.url);
    const cell = page.locator(`[data-process="${gatewayId}"] [data-col="why"]`);
    await expect
      .poll(() => cell.textContent(), { timeout: 15_000 })
      .toContain("Exited too quickly");
    await expect.poll(() => page.title()).toBe("(1) gave up — Respawn");
    expect(await page.locator('link[rel="icon"]').getAttribute("href")).toContain("icon.svg");
    const icon = await fetch(`${app.url}/icon.svg`);
    expect(icon.status).toBe(200);
    await shot(page, "overview");
    await page.close();
  });
});

describe("phone triage at 390×844", () => {
  it("shows cards with what gave up first, its state and why visible, and nothing scrolls sideways", async () => {
    const page = await phone.newPage();
    await page.goto(app.url);
    const first = page.getByRole("list", { name: "Processes" }).getByRole("listitem").first();
    await expect
      .poll(() => first.getAttribute("data-process"), { timeout: 15_000 })
      .toBe(gatewayId);
    expect(await first.textContent()).toContain("gave up");
    expect(await first.locator("[data-why]").textContent()).toContain("Exited too quickly");
    const box = await first.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "phone-overview");
    await page.close();
  });

  it("reaches the gateway's page from its card, with its cause and actions, without sideways scroll", async () => {
    const page = await phone.newPage();
    await page.goto(app.url);
    await page.getByRole("link", { name: "gateway" }).click();
    await page.waitForURL(/\/p\//);
    await expect
      .poll(() => page.locator("[data-error-lines]").textContent(), { timeout: 15_000 })
      .toContain(CAUSE);
    expect(await page.getByRole("button", { name: /start/i }).first().isVisible()).toBe(true);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, "phone-process");
    await page.close();
  });

  it("scrolls no page sideways", async () => {
    const page = await phone.newPage();
    for (const route of ["/incidents", "/account", "/admin"]) {
      await page.goto(`${app.url}${route}`);
      await page.waitForLoadState("networkidle");
      expect({ route, overflow: await sidewaysOverflow(page) }).toEqual({ route, overflow: 0 });
    }
    await page.close();
  });
});

describe("the log viewer", () => {
  const openTicker = async () => {
    const page = await desk.newPage();
    const ticker = (await fleet()).processes.find((p) => p.name === "ticker")!;
    await page.goto(`${app.url}/p/${ticker.id}`);
    const log = page.getByRole("log", { name: "stdout log" });
    await expect.poll(() => log.textContent(), { timeout: 15_000 }).toContain("tick");
    return { page, log };
  };
  const lastLine = (log: ReturnType<Page["getByRole"]>) =>
    log.locator(".log-text").evaluateAll((els) => els.at(-1)?.textContent ?? "");

  it("searches with highlighted matches, steps through them and filters to them", async () => {
    const { page, log } = await openTicker();
    await page.getByRole("searchbox", { name: "Search the log" }).fill("tick 1");
    await expect.poll(() => log.locator("mark").count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Next match" }).click();
    await expect.poll(() => page.getByText(/^1 of \d+$/).count()).toBe(1);
    expect(await log.locator("[data-current-match] mark").first().textContent()).toBe("tick 1");
    await page.getByRole("checkbox", { name: "only matches" }).check();
    await expect.poll(() => log.locator(".log-text").count()).toBeGreaterThan(0);
    const texts = await log.locator(".log-text").allTextContents();
    expect(texts.every((t) => t.includes("tick 1"))).toBe(true);
    await shot(page, "log-search");
    await page.close();
  });

  it("pauses and resumes, and marks live supervisord lines with the time they were received", async () => {
    const { page, log } = await openTicker();
    await expect
      .poll(() => log.locator("[data-received]").count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await page.getByRole("button", { name: "Pause" }).click();
    await page.getByRole("button", { name: "Resume" }).waitFor();
    const tickOf = async () => Number(/tick (\d+)/.exec(await lastLine(log))?.[1]);
    const newLines = (min: number) =>
      page.getByRole("button", { name: new RegExp(`^(\\d+) new lines — jump to end$`) }).filter({
        hasText: new RegExp(`^(${Array.from({ length: 90 }, (_, i) => i + min).join("|")}) new`),
      });
    // Once lines arrived after the pause, the view must not move while more keep arriving.
    await newLines(3).waitFor({ timeout: 10_000 });
    const frozen = await tickOf();
    await newLines(8).waitFor({ timeout: 10_000 });
    expect(await tickOf()).toBe(frozen);
    await page.getByRole("button", { name: "Resume" }).click();
    await expect.poll(tickOf, { timeout: 10_000 }).toBeGreaterThanOrEqual(frozen + 5);
    expect(await page.getByRole("button", { name: /new lines? — jump to end/ }).count()).toBe(0);
    await page.close();
  });

  it("downloads what is shown and the whole log from its first line", async () => {
    const { page } = await openTicker();
    const [shown] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download shown" }).click(),
    ]);
    expect(await readFile((await shown.path())!, "utf8")).toMatch(/tick \d+ café ✓/);
    const [whole] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download whole log" }).click(),
    ]);
    const text = await readFile((await whole.path())!, "utf8");
    expect(whole.suggestedFilename()).toBe("ticker.stdout.log");
    expect(text.split("\n")[0]).toBe("tick 0 café ✓");
    expect(text).toContain(`tick ${Math.floor(text.split("\n").length / 2)} café`);
    await page.close();
  });
});

describe("accessibility", () => {
  it("focuses the filter with / and lists the shortcuts with ?", async () => {
    const page = await desk.newPage();
    await page.goto(app.url);
    const filter = page.getByRole("searchbox", { name: "Filter processes" });
    // Rows come from the live fleet, so once they are drawn the page is hydrated and listens to keys.
    await page.locator("[data-process]").first().waitFor();
    await page.keyboard.press("/");
    expect(await filter.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await filter.inputValue()).toBe("");
    await filter.blur();
    await page.keyboard.press("?");
    const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await page.close();
  });

  it("has no critical or serious axe finding on any page, on a desk and a phone", async () => {
    for (const context of [desk, phone]) {
      const page = await context.newPage();
      for (const route of ["/", `/p/${gatewayId}`, "/incidents", "/account"]) {
        await page.goto(`${app.url}${route}`);
        await page.waitForLoadState("networkidle");
        const found = await seriousViolations(page);
        expect({ route, found }).toEqual({ route, found: [] });
      }
      await page.close();
    }
  });
});
