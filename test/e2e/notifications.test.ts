/**
 * Notifications end to end: a real supervisord program gives up; the dashboard tells a local
 * webhook receiver (which answers 500 first, so the delivery is retried) and a real SMTP server;
 * the admin page in Chromium shows the delivery log and sends a test.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser } from "playwright-core";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppInstance } from "../harness/app";
import { launchBrowser } from "../harness/browser";
import { programCommand, startSupervisord, type SupervisordInstance } from "../harness/supervisord";
import type { FleetSnapshot } from "../../lib/fleet/types";
import type { Delivery } from "../../lib/store/notifications";

let sv: SupervisordInstance;
let app: AppInstance;
let browser: Browser;
let hook: Server;
let smtp: SMTPServer;
const hookBodies: string[] = [];
const hookStatuses = [500];
const mails: string[] = [];
const SHOTS = path.resolve(__dirname, "../../var/screenshots");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}
const deliveries = async () =>
  ((await (await fetch(`${app.url}/api/admin/notifications`, { headers: await app.headersFor("admin") })).json()) as { deliveries: Delivery[] }).deliveries;

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d));
    req.on("end", () => {
      hookBodies.push(body);
      res.statusCode = hookStatuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    onData(stream, _session, cb) {
      let data = "";
      stream.on("data", (d: Buffer) => (data += d));
      stream.on("end", () => (mails.push(data), cb()));
    },
  });
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", () => r()));
  sv = await startSupervisord({ programs: [{ name: "broken", command: programCommand("crash-loop.sh"), autostart: false, startsecs: 1, startretries: 1 }] });
  app = await startApp({
    hosts: [{ id: "sv", supervisord: { socket: sv.socketPath } }],
    incidents: { publicUrl: "https://ops.example/respawn" },
    notifications: {
      channels: [
        { id: "ops-hook", kind: "webhook", url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook` },
        { id: "oncall-mail", kind: "email", smtp: { host: "127.0.0.1", port: (smtp.server.address() as AddressInfo).port }, from: "respawn@ops.example", to: ["oncall@ops.example"] },
      ],
      routes: [{ channels: ["ops-hook", "oncall-mail"], events: ["gave-up"] }],
      retry: { attempts: 3, initialDelayMs: 300, maxDelayMs: 1000 },
    },
  });
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sv?.stop();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  await new Promise<void>((r) => (hook ? hook.close(() => r()) : r()));
});

describe("notifications on the real thing", () => {
  it("tells the webhook (retried after a 500) and the mailbox when a program gives up", async () => {
    const broken = await waitFor("broken listed", async () => {
      const fleet = (await (await fetch(`${app.url}/api/fleet`, { headers: await app.headersFor("viewer") })).json()) as FleetSnapshot;
      return fleet.processes.find((p) => p.name === "broken");
    });
    await fetch(`${app.url}/api/processes/${encodeURIComponent(broken.id)}/actions`, {
      method: "POST",
      headers: { ...(await app.headersFor("operator")), "Content-Type": "application/json" },
      body: JSON.stringify({ action: "start" }),
    });
    const log = await waitFor("both deliveries ended", async () => {
      const d = await deliveries();
      return d.length === 2 && d.every((x) => x.status === "sent" || x.status === "failed") ? d : undefined;
    });
    const byChannel = Object.fromEntries(log.map((d) => [d.channelId, d]));
    expect(byChannel["ops-hook"]).toMatchObject({ status: "sent", attempts: 2, eventKind: "gave-up", processName: "broken", title: "broken on sv gave up" });
    expect(byChannel["oncall-mail"]).toMatchObject({ status: "sent", attempts: 1 });
    expect(hookBodies).toHaveLength(2);
    expect(JSON.parse(hookBodies[1]!)).toMatchObject({ kind: "gave-up", hostId: "sv", manager: "supervisord", processName: "broken", link: `https://ops.example/respawn/p/${encodeURIComponent(broken.id)}` });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatch(/^Subject: Respawn: broken on sv gave up\r?$/m);
  });

  it("shows the delivery log on the admin page and sends a test from it", async () => {
    const context = await app.newContext(browser, "admin");
    const page = await context.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${app.url}/admin`);
    const section = page.locator("section", { has: page.getByRole("heading", { name: "Notifications" }) });
    await section.locator("table").getByText("sent after 2 attempts").waitFor();
    await section.locator("li", { hasText: "ops-hook" }).getByRole("button", { name: "Send test" }).click();
    await section.getByRole("status").getByText("test sent to ops-hook").waitFor();
    await section.locator("tr", { hasText: "test notification sent by admin" }).getByText("sent", { exact: true }).waitFor();
    await section.screenshot({ path: path.join(SHOTS, "admin-notifications-1440.png") });
    await page.setViewportSize({ width: 390, height: 844 });
    await section.locator("ul li", { hasText: "test notification sent by admin" }).getByText("sent", { exact: true }).waitFor();
    await section.screenshot({ path: path.join(SHOTS, "admin-notifications-390.png") });
    expect(JSON.parse(hookBodies.at(-1)!)).toMatchObject({ test: true, title: "test notification sent by admin" });
    await context.close();
  });
});
