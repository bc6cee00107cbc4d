/**
 * Host credentials never reach a browser, a log line or a URL, and no route reaches an XML-RPC
 * method outside the allow-list: against supervisord over http with basic auth.
 */
import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FleetSnapshot, ProcessView } from "../../lib/fleet/types";
import { encodeProcessId } from "../../lib/util/ids";
import { startApp, type AppInstance } from "../harness/app";
import { launchBrowser } from "../harness/browser";
import { programCommand, rawCall, startSupervisord, type SupervisordInstance } from "../harness/supervisord";
import { waitUntil } from "../harness/systemd";
import { listAppRoutes } from "./routes";

const PASSWORD = `hostpw-${randomBytes(12).toString("hex")}`;
const WRONG_PASSWORD = `wrongpw-${randomBytes(12).toString("hex")}`;

let sv: SupervisordInstance;
let app: AppInstance;
let browser: Browser;
const seenByBrowser: string[] = [];

async function fleet(): Promise<FleetSnapshot> {
  return (await (await fetch(`${app.url}/api/fleet`, { headers: await app.headersFor("admin") })).json()) as FleetSnapshot;
}

async function web(): Promise<ProcessView> {
  let found: ProcessView | undefined;
  await waitUntil("web running", async () => Boolean((found = (await fleet()).processes.find((p) => p.name === "web" && p.state === "running"))), 300);
  return found!;
}

beforeAll(async () => {
  sv = await startSupervisord({
    programs: [{ name: "web", command: programCommand("logger.sh", 0.5, "plain") }],
    inet: { username: "respawn", password: PASSWORD },
  });
  app = await startApp(
    {
      hosts: [
        { id: "web-1", supervisord: { url: sv.url, username: "respawn", passwordEnv: "SV_PASSWORD" } },
        // The same server with a wrong password: the failure path must not print either one.
        { id: "web-2", supervisord: { url: sv.url, username: "respawn", passwordEnv: "SV_WRONG" } },
      ],
    },
    { SV_PASSWORD: PASSWORD, SV_WRONG: WRONG_PASSWORD },
  );
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sv?.stop();
});

describe("host credentials", () => {
  it("reach neither the browser (pages, API, streams) nor the server output, on success or refusal", async () => {
    const p = await web();
    await waitUntil("web-2 refused", async () => (await fleet()).endpoints.some((e) => e.hostId === "web-2" && e.status === "auth"), 300);
    const context = await app.newContext(browser, "admin");
    const page = await context.newPage();
    page.on("response", (r) => void r.text().then((t) => seenByBrowser.push(r.url(), t), () => undefined));
    page.on("request", (r) => void seenByBrowser.push(r.url()));
    await page.goto(app.url);
    await page.getByRole("link", { name: "web", exact: true }).first().waitFor({ timeout: 20_000 });
    await page.goto(`${app.url}/p/${p.id}`);
    await page.getByText(/tick \d+/).first().waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Restart", exact: true }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Restart", exact: true }).click();
    await page.getByRole("status").filter({ hasText: /running/ }).waitFor({ timeout: 30_000 });
    for (const route of listAppRoutes().filter((r) => r.kind === "api" && r.methods.includes("GET") && !r.url.endsWith("/follow") && !r.url.endsWith("/events"))) {
      const res = await fetch(`${app.url}${route.url.replace("bG9jYWwAcwB3ZWI", p.id)}`, { headers: await app.headersFor("admin") });
      seenByBrowser.push(await res.text());
    }
    await context.close();
    const everything = seenByBrowser.join("\n") + app.output();
    expect(everything).toContain("tick");
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(WRONG_PASSWORD);
    expect(everything).not.toContain(Buffer.from(`respawn:${PASSWORD}`).toString("base64"));
  });
});

describe("the XML-RPC allow-list", () => {
  it("cannot be stepped around through any route: method-like actions, names and streams reach nothing", async () => {
    const p = await web();
    const headers = { ...(await app.headersFor("admin")), "Content-Type": "application/json" };
    const methods = ["supervisor.shutdown", "supervisor.restart", "system.multicall", "supervisor.clearLog", "shutdown"];
    for (const action of methods) {
      const one = await fetch(`${app.url}/api/processes/${p.id}/actions`, { method: "POST", headers, body: JSON.stringify({ action }) });
      expect(one.status, action).toBe(400);
      const many = await fetch(`${app.url}/api/actions`, { method: "POST", headers, body: JSON.stringify({ action, ids: [p.id] }) });
      expect(many.status, action).toBe(400);
    }
    for (const name of methods) {
      const id = encodeProcessId({ hostId: "web-1", manager: "supervisord", name });
      const act = await fetch(`${app.url}/api/processes/${id}/actions`, { method: "POST", headers, body: '{"action":"stop"}' });
      expect([404, 502], name).toContain(act.status);
      for (const stream of ["stdout", name]) {
        const logs = await fetch(`${app.url}/api/processes/${id}/logs?stream=${encodeURIComponent(stream)}`, { headers });
        expect(logs.ok, `${name} ${stream}`).toBe(false);
      }
    }
    // supervisord is still up and still runs web with the same pid: nothing above reached it.
    expect(await rawCall(sv.socketPath, "supervisor.getState")).toContain("RUNNING");
    expect((await fleet()).processes.find((x) => x.name === "web" && x.hostId === "web-1")?.pid).toBe((await web()).pid);
  });
});
