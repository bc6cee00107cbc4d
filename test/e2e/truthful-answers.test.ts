/**
 * What the dashboard answers after an action, in real Chromium against the built app: a start cut
 * off by a killed supervisord is "outcome unknown" (page, API, audit), a reset-and-start of the
 * demo's crash-looping systemd unit is "failed" with what happened (page and "Restart all that
 * gave up"), and incident lines keep their ANSI colours on the shared page, as text.
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FleetSnapshot, ProcessView } from "../../lib/fleet/types";
import { startApp, type AppInstance } from "../harness/app";
import { launchBrowser } from "../harness/browser";
import { programCommand, startSupervisord, type SupervisordInstance } from "../harness/supervisord";
import { ensureUserManager, systemctl, USER_BUS_ADDRESS, waitUntil } from "../harness/systemd";

const DEMO = fileURLToPath(new URL("../../demo", import.meta.url));
const unitDir = () => path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), ".config"), "systemd", "user");
const prefix = `rsp-${randomBytes(3).toString("hex")}-`;
const gateways = [`${prefix}gateway1.service`, `${prefix}gateway2.service`];
const SHOTS = process.env.RESPAWN_SCREENSHOTS;

let sv: SupervisordInstance;
let app: AppInstance;
let browser: Browser;
let dir: string;

const COLOURED = `#!/bin/sh
printf '\\033[32mINFO \\033[0m ready on port 8080\\n'
printf '\\033[1;31mERROR\\033[0m lost <b>db</b>\\n'
exec sleep 100000
`;

async function fleet(): Promise<FleetSnapshot> {
  const res = await fetch(`${app.url}/api/fleet`, { headers: await app.headersFor("viewer") });
  return (await res.json()) as FleetSnapshot;
}

async function processWhere(name: string, ok: (p: ProcessView) => boolean): Promise<ProcessView> {
  let found: ProcessView | undefined;
  await waitUntil(`${name} as expected`, async () => {
    found = (await fleet()).processes.find((p) => p.name === name);
    return Boolean(found && ok(found));
  }, 400);
  return found!;
}

async function api(pathname: string, role: "admin" | "operator", init: RequestInit = {}): Promise<Response> {
  return fetch(`${app.url}${pathname}`, { ...init, headers: { ...(await app.headersFor(role)), "Content-Type": "application/json" } });
}

async function shoot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  for (const [w, h] of [[1440, 900], [390, 844]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${w}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "respawn-e2e-truth-"));
  await writeFile(path.join(dir, "coloured.sh"), COLOURED);
  await chmod(path.join(dir, "coloured.sh"), 0o755);
  sv = await startSupervisord({
    programs: [
      { name: "coloured", command: path.join(dir, "coloured.sh") },
      { name: "slow", command: programCommand("start-counter.sh", path.join(dir, "STARTS")), autostart: false, startsecs: 6 },
      { name: "crashy", command: programCommand("crash-loop.sh", 78), startsecs: 1, startretries: 2 },
    ],
  });
  await ensureUserManager();
  const unit = await readFile(path.join(DEMO, "units", "respawn-demo-gateway.service"), "utf8");
  for (const g of gateways) await writeFile(path.join(unitDir(), g), unit.replaceAll("@PROGRAMS@", path.join(DEMO, "programs")));
  await systemctl("daemon-reload");
  await systemctl("start", ...gateways).catch(() => undefined);
  app = await startApp({
    hosts: [
      { id: "box", name: "Box", supervisord: { socket: sv.socketPath, timeoutMs: 1_000, pollIntervalMs: 500 } },
      { id: "sd", name: "Units", systemd: { bus: "user", busAddress: USER_BUS_ADDRESS, units: [`${prefix}*`] } },
    ],
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sv?.stop().catch(() => undefined);
  await systemctl("stop", ...gateways).catch(() => undefined);
  await systemctl("reset-failed", ...gateways).catch(() => undefined);
  for (const g of gateways) await rm(path.join(unitDir(), g), { force: true });
  await systemctl("daemon-reload").catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe("truthful answers in Chromium", () => {
  it("draws an incident's ANSI lines like the live viewer on the shared page: colours as spans, no escapes, no HTML", async () => {
    const p = await processWhere("coloured", (x) => x.state === "running");
    const created = await api("/api/incidents", "operator", { method: "POST", body: JSON.stringify({ processId: p.id, title: "colours", lastMinutes: 60 }) });
    const { id } = (await created.json()) as { id: number };
    const share = await api(`/api/incidents/${id}/shares`, "operator", { method: "POST", body: JSON.stringify({ expiry: "1d", access: "anyone" }) });
    const { token } = (await share.json()) as { token: string };
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${app.url}/s/${token}`);
    const green = page.locator(".ansi-green-fg", { hasText: "INFO" }).first();
    await green.waitFor();
    expect(await green.textContent()).toBe("INFO ");
    expect(await page.locator(".ansi-red-fg.ansi-bold", { hasText: "ERROR" }).count()).toBeGreaterThan(0);
    const text = await page.locator("main").innerText();
    expect(text).toContain("lost <b>db</b>");
    expect(text).not.toMatch(/\u001b|␛|\[32m|\[0m/);
    expect(await page.locator("main b").count()).toBe(0);
    await shoot(page, "shared-incident-ansi");
    await page.context().close();
  });

  it("a manual capture says exactly what it keeps: the selected lines plus N lines of context, adjustable", async () => {
    const p = await processWhere("coloured", (x) => x.state === "running");
    const context = await app.newContext(browser, "operator");
    const page = await context.newPage();
    await page.goto(`${app.url}/p/${p.id}`);
    const rows = page.locator("[data-index]");
    await rows.nth(1).waitFor();
    await page.evaluate(() => {
      const [a, b] = [...document.querySelectorAll("[data-index]")];
      if (a && b) window.getSelection()?.setBaseAndExtent(a, 0, b, b.childNodes.length);
    });
    await page.getByRole("button", { name: "Create incident" }).dispatchEvent("mousedown");
    const form = page.getByRole("form", { name: "Create incident" });
    await form.waitFor();
    await form.getByText("the selected lines (2)").waitFor();
    const keeps = form.getByTestId("capture-keeps");
    expect(await keeps.innerText()).toMatch(/^plus\s+lines of context on each side: 2 lines kept, the selection highlighted$/);
    expect(await form.getByLabel("Lines of context on each side").inputValue()).toBe("20");
    await form.getByLabel("Lines of context on each side").fill("0");
    await keeps.getByText("2 lines kept").waitFor();
    await shoot(page, "manual-capture");
    await form.getByLabel("Title").fill("two lines");
    await form.getByRole("button", { name: /Create/ }).click();
    const link = page.getByRole("link", { name: /Incident #\d+ created/ });
    await link.waitFor();
    const id = Number(/#(\d+)/.exec((await link.textContent()) ?? "")?.[1]);
    const inc = (await (await api(`/api/incidents/${id}`, "operator")).json()) as { lineCount: number; snapshot: { highlight: unknown } };
    expect(inc.lineCount).toBe(2);
    expect(inc.snapshot.highlight).toEqual({ from: 1, to: 2 });
    await context.close();
  });

  it("a start cut off by a killed supervisord: the page says outcome unknown with the state re-read, and so do the API and the audit", async () => {
    const slow = await processWhere("slow", (x) => x.state === "stopped");
    const context = await app.newContext(browser, "operator");
    const page = await context.newPage();
    await page.goto(`${app.url}/p/${slow.id}`);
    await page.getByRole("button", { name: "Start", exact: true }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Start", exact: true }).click();
    await page.getByRole("status", { name: "Action progress" }).waitFor();
    await waitUntil("the start to reach supervisord", async () => (await readFile(path.join(dir, "STARTS"), "utf8").catch(() => "")).includes("start"), 100);
    await shoot(page, "action-progress");
    await sv.kill("SIGKILL");
    const panel = page.locator('[data-outcome="unknown"]');
    await panel.waitFor({ timeout: 20_000 });
    const said = await panel.innerText();
    expect(said).toMatch(/Start outcome unknown/);
    expect(said).toMatch(/the start request was sent but no answer came/);
    expect(said).toMatch(/may have run it, so it was not retried/);
    expect(said).toMatch(/Nothing was retried/);
    expect(said).not.toMatch(/could not run|failed/i);
    await shoot(page, "action-unknown");

    const audit = await (await api("/api/admin/audit?action=process.start", "admin")).json() as { entries: Array<{ result: string; target: string; detail: string | null }> };
    const rows = audit.entries.filter((e) => e.target === "box/supervisord/slow").map((e) => e.result);
    expect(rows).toEqual(["unknown", "attempted"]);
    await context.close();
    await sv.restart();
  });

  it("reset-and-start of the demo's crash-looping unit says failed with what happened, on its page and in 'Restart all that gave up'", async () => {
    for (const g of gateways) await processWhere(g, (x) => x.state === "gave-up");
    const context = await app.newContext(browser, "operator");
    const page = await context.newPage();
    const one = await processWhere(gateways[0]!, (x) => x.state === "gave-up");
    // What systemd counted before Respawn first saw it (a daemon-reload elsewhere may let it restart more than its burst).
    const beforeFirstSight = one.restarts ?? 0;
    await page.goto(`${app.url}/p/${one.id}`);
    await page.getByRole("button", { name: "Reset and start", exact: true }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Reset and start", exact: true }).click();
    const panel = page.locator('[data-outcome="failed"]');
    await panel.waitFor({ timeout: 60_000 });
    const said = /Reset and start failed[\s\S]*started, failed again (\d+) times, start limit hit \(last exit status 78\)/.exec(await panel.innerText());
    expect(said).not.toBeNull();
    // The count is systemd's own: NRestarts as `systemctl show` reads it.
    const nRestarts = Number((await systemctl("show", "-p", "NRestarts", "--value", gateways[0]!)).trim());
    expect(Number(said?.[1])).toBe(nRestarts);
    expect(nRestarts).toBeGreaterThanOrEqual(3);
    await shoot(page, "reset-and-start-failed");
    await processWhere(gateways[0]!, (x) => x.state === "gave-up");

    // Counted from the start: NRestarts before Respawn first saw it, and those of the relapse.
    const counted = await processWhere(gateways[0]!, (x) => (x.history?.lastHour.count ?? 0) >= beforeFirstSight + nRestarts);
    expect(beforeFirstSight).toBeGreaterThanOrEqual(3);
    expect(counted.history?.lastHour.count).toBe(beforeFirstSight + nRestarts);

    await page.goto(app.url);
    const gaveUp = (await fleet()).processes.filter((p) => p.state === "gave-up").length;
    await page.getByRole("button", { name: `Restart all that gave up (${gaveUp})`, exact: true }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Reset and start", exact: true }).click();
    const results = page.getByRole("region", { name: "Action results" });
    await results.getByText(`${gaveUp} failed of ${gaveUp}`).waitFor({ timeout: 60_000 });
    const lines = results.locator("li");
    expect(await lines.count()).toBe(gaveUp);
    for (let i = 0; i < gaveUp; i++) expect(await lines.nth(i).getAttribute("data-outcome")).toBe("failed");
    for (const g of gateways) expect(await lines.filter({ hasText: g }).innerText()).toMatch(/start limit hit/);
    await shoot(page, "restart-all-gave-up");

    const audit = await (await api("/api/admin/audit?action=process.reset-and-start", "admin")).json() as { entries: Array<{ result: string }> };
    const sdRows = audit.entries.filter((e) => (e as { target?: string }).target?.startsWith("sd/"));
    expect(sdRows.map((e) => e.result).filter((r) => r !== "attempted")).toEqual(["failed", "failed", "failed"]);
    await context.close();
  }, 180_000);

  it("an incident of a supervisord program that gave up lists its exits, and giving up again while it is open adds to it", async () => {
    const crashy = await processWhere("crashy", (x) => x.state === "gave-up");
    expect(crashy.exitStatus).toBe(78);
    type Summary = { id: number; kind: string; status: string };
    const open = async () =>
      ((await (await api(`/api/incidents?process=${encodeURIComponent(crashy.id)}`, "operator")).json()) as { incidents: Summary[] }).incidents.filter((i) => i.kind === "gave-up");
    await waitUntil("the gave-up incident", async () => (await open()).length > 0, 200);
    const res = await api("/api/processes/" + encodeURIComponent(crashy.id) + "/actions", "operator", { method: "POST", body: JSON.stringify({ action: "reset-and-start" }) });
    expect(((await res.json()) as { outcome: string }).outcome).toBe("failed");
    await waitUntil("the relapse added", async () => {
      const [only] = await open();
      const inc = (await (await api(`/api/incidents/${only!.id}`, "operator")).json()) as { snapshot: { relapses?: unknown[] } };
      return (inc.snapshot.relapses?.length ?? 0) >= 1;
    }, 200);
    const incidents = await open();
    expect(incidents).toHaveLength(1);
    const context = await app.newContext(browser, "operator");
    const page = await context.newPage();
    await page.goto(`${app.url}/incidents/${incidents[0]!.id}`);
    await page.getByText(/exit status 78/).first().waitFor();
    expect(await page.getByText("None recorded.").count()).toBe(0);
    await page.getByRole("list", { name: "Gave up again while open" }).waitFor();
    await shoot(page, "incident-relapse");
    await context.close();
  }, 120_000);
});
