/**
 * The dashboard served at /respawn/ behind a real nginx, in real Chromium: sign-in and its
 * redirects, the session cookie kept to the sub-path, the live stream through the proxy, a share
 * link opened in a fresh browser, supervisord's event listener posting through the proxy, and a
 * start refused when the configuration names another base path than the build's.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppInstance } from "../harness/app";
import { launchBrowser } from "../harness/browser";
import { startNginx, type NginxInstance } from "../harness/nginx";
import { programCommand, startSupervisord, type SupervisordInstance } from "../harness/supervisord";
import { waitUntil } from "../harness/systemd";
import { encodeProcessId } from "../../lib/util/ids";

const PREFIX = "/respawn";
const TOKEN = "listener-token-for-the-subpath-test";
const LISTENER = path.resolve(__dirname, "../../bin/respawn-eventlistener");
const webId = encodeProcessId({ hostId: "local", manager: "supervisord", name: "web" });
const shots = process.env.RESPAWN_SCREENSHOTS;

let sv: SupervisordInstance;
let app: AppInstance;
let nginx: NginxInstance;
let browser: Browser;
let page: Page;
let base: string;
const failed: string[] = [];

async function signInThroughTheProxy(p: Page): Promise<void> {
  await p.goto(`${base}/`);
  await p.waitForURL(`${base}/login?next=%2F`);
  await p.getByLabel("User name").fill("admin");
  await p.getByLabel("Password").fill(app.users.admin.password);
  await p.getByRole("button", { name: "Sign in" }).click();
  await p.waitForURL((u) => u.pathname === PREFIX || u.pathname === `${PREFIX}/`);
}

beforeAll(async () => {
  sv = await startSupervisord({ programs: [{ name: "web", command: programCommand("sleeper.sh") }] });
  app = await startApp(
    { basePath: PREFIX, trustProxy: ["127.0.0.1"], hosts: [{ id: "local", supervisord: { socket: sv.socketPath, listenerTokenEnv: "SUBPATH_LISTENER_TOKEN" } }] },
    { SUBPATH_LISTENER_TOKEN: TOKEN },
    { basePath: PREFIX },
  );
  nginx = await startNginx(PREFIX, app.port);
  base = `${nginx.origin}${PREFIX}`;
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  page.on("response", (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  // Prefetches and streams cut short by a navigation end as ERR_ABORTED: only real failures count.
  page.on("requestfailed", (r) => r.failure()?.errorText !== "net::ERR_ABORTED" && failed.push(`${r.failure()?.errorText} ${r.url()}`));
});

afterAll(async () => {
  await browser?.close();
  await nginx?.stop();
  await app?.stop();
  await sv?.stop();
});

describe("served at /respawn/ behind nginx", () => {
  it("signs in through the proxy, keeps the cookie to the sub-path, and shows the live fleet", async () => {
    await signInThroughTheProxy(page);
    const row = page.locator(`[data-process="${webId}"]`);
    await row.getByText("running", { exact: true }).waitFor({ timeout: 30_000 });
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === "respawn_session")?.path).toBe(PREFIX);
    // Signed in, the sign-in page sends the user back into the sub-path.
    await page.goto(`${base}/login?next=%2F`);
    await page.waitForURL((u) => u.pathname === PREFIX || u.pathname === `${PREFIX}/`);
    await row.waitFor();
    if (shots) await page.screenshot({ path: path.join(shots, "subpath-overview.png") });
    expect(failed).toEqual([]);
  });

  it("the live stream runs through nginx: a stop made outside the dashboard shows without a reload", async () => {
    await page.locator(`[data-process="${webId}"]`).getByText("running", { exact: true }).waitFor();
    await promisify(execFile)("supervisorctl", ["-s", `unix://${sv.socketPath}`, "stop", "web"]);
    await page.locator(`[data-process="${webId}"]`).getByText("stopped", { exact: true }).waitFor({ timeout: 30_000 });
    expect(await nginx.accessLog()).toMatch(new RegExp(`"GET ${PREFIX}/api/events[^"]*" 200`));
    await promisify(execFile)("supervisorctl", ["-s", `unix://${sv.socketPath}`, "start", "web"]);
  });

  it("an incident and its share link are made under the sub-path; the link opens in a fresh browser", async () => {
    await page.getByRole("link", { name: "web", exact: true }).click();
    await page.waitForURL(`${base}/p/${webId}`);
    await page.getByRole("button", { name: "Create incident" }).click();
    const form = page.getByRole("form", { name: "Create incident" });
    await form.getByLabel("Title").fill("web seen through the proxy");
    await form.getByRole("button", { name: "Create", exact: true }).click();
    await page.getByRole("link", { name: /Incident #\d+ created/ }).click();
    await page.waitForURL(new RegExp(`^${base}/incidents/\\d+$`));
    await page.getByRole("button", { name: "Create link" }).click();
    const link = await page.getByLabel("New share link").inputValue();
    expect(link).toMatch(new RegExp(`^${base}/s/[A-Za-z0-9_-]+$`));

    const stranger = await (await browser.newContext()).newPage();
    await stranger.goto(link);
    await stranger.getByText("web seen through the proxy").first().waitFor();
    const download = stranger.getByRole("link", { name: /download/i }).first();
    expect(await download.getAttribute("href")).toMatch(new RegExp(`^${PREFIX}/api/share/`));
    if (shots) await stranger.screenshot({ path: path.join(shots, "subpath-share.png"), fullPage: true });
    expect(failed).toEqual([]);
  });

  it("supervisord's event listener posts through the proxy to the sub-path", async () => {
    await writeFile(path.join(sv.dir, "token"), `${TOKEN}\n`);
    await sv.addSections([
      [
        "[eventlistener:respawn]",
        `command=${LISTENER}`,
        "events=PROCESS_STATE",
        `stderr_logfile=${path.join(sv.dir, "logs", "listener.err.log")}`,
        `environment=RESPAWN_URL="${base}",RESPAWN_HOST_ID="local",RESPAWN_LISTENER_TOKEN_FILE="${path.join(sv.dir, "token")}"`,
      ].join("\n"),
    ]);
    await promisify(execFile)("supervisorctl", ["-s", `unix://${sv.socketPath}`, "restart", "web"]);
    const posted = new RegExp(`"POST ${PREFIX}/api/hosts/local/events HTTP/1.1" 200`);
    await waitUntil("a listener delivery through nginx", async () => posted.test(await nginx.accessLog()), 150);
  });

  it("answers only under the sub-path: the API refuses anonymous callers there, and nginx has nothing at /api", async () => {
    const anonymous = await fetch(`${base}/api/fleet`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
    expect((await fetch(`${nginx.origin}/api/fleet`)).status).toBe(404);
    expect((await fetch(`${base}/livez`)).status).toBe(200);
  });

  it("refuses to start when the configuration names another base path than the build's", async () => {
    const start = startApp({ basePath: "/other", hosts: [] }, {}, { basePath: PREFIX, users: false });
    await expect(start).rejects.toThrow(/exited with 78[\s\S]*basePath "\/other"[\s\S]*rebuild with RESPAWN_BASE_PATH=\/other/);
  });
});
