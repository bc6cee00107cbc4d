/**
 * Incidents in real Chromium against the built dashboard and a real supervisord: an operator
 * shares an incident, a browser that never signed in opens the link and sees the lines (secrets
 * redacted); revoked, expired, guessed, malformed and oversize links all answer as not found.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../lib/store/open-store";
import type { FleetSnapshot } from "../../lib/fleet/types";
import { seriousViolations } from "../harness/axe";
import { startApp, type AppInstance } from "../harness/app";
import { launchBrowser } from "../harness/browser";
import { programCommand, startSupervisord, type SupervisordInstance } from "../harness/supervisord";
import { waitUntil } from "../harness/systemd";

let sv: SupervisordInstance;
let app: AppInstance;
let browser: Browser;
let incidentId: number;
let scriptDir: string;
let talkerId: string;
let hookServer: Server;
const hookBodies: string[] = [];

const TALKER = `#!/bin/sh
echo "boot step 1"
echo "connecting with password=hunter2-planted"
echo "boot step 3 done"
exec sleep 100000
`;

async function api(pathname: string, role: "admin" | "operator" | "viewer", init: RequestInit = {}): Promise<Response> {
  const headers = { ...(await app.headersFor(role)), "Content-Type": "application/json", ...(init.headers ?? {}) };
  return fetch(`${app.url}${pathname}`, { ...init, headers });
}

async function createLink(expiry: string, access: string, role: "admin" | "operator" = "operator") {
  const res = await api(`/api/incidents/${incidentId}/shares`, role, { method: "POST", body: JSON.stringify({ expiry, access }) });
  expect(res.status).toBe(201);
  return (await res.json()) as { token: string; path: string; share: { id: number } };
}

beforeAll(async () => {
  scriptDir = await mkdtemp(path.join(tmpdir(), "respawn-e2e-incidents-"));
  const script = path.join(scriptDir, "talker.sh");
  await writeFile(script, TALKER);
  await chmod(script, 0o755);
  sv = await startSupervisord({
    programs: [
      { name: "talker", command: script },
      { name: "crashy", command: programCommand("crash-loop.sh"), startretries: 1 },
    ],
  });
  // The chat tool that the incident webhook calls.
  hookServer = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      hookBodies.push(body);
      res.end("ok");
    });
  });
  await new Promise<void>((r) => hookServer.listen(0, "127.0.0.1", r));
  const hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hooks/SECRETPATH`;
  app = await startApp(
    {
      hosts: [{ id: "local", name: "Local box", supervisord: { socket: sv.socketPath } }],
      incidents: { publicUrl: "https://respawn.example.com", webhook: { urlEnv: "TEST_INCIDENT_HOOK" } },
    },
    { TEST_INCIDENT_HOOK: hookUrl },
  );
  browser = await launchBrowser();
  let talker: string | undefined;
  await waitUntil("talker running", async () => {
    const res = await fetch(`${app.url}/api/fleet`, { headers: await app.headersFor("viewer") });
    const p = ((await res.json()) as FleetSnapshot).processes.find((x) => x.name === "talker");
    talker = p?.id;
    return p?.state === "running";
  }, 300);
  talkerId = talker!;
  const res = await api("/api/incidents", "operator", {
    method: "POST",
    body: JSON.stringify({ processId: talker, title: "talker boot check", comment: "see line 3", lastMinutes: 60 }),
  });
  expect(res.status).toBe(201);
  incidentId = ((await res.json()) as { id: number }).id;
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sv?.stop();
  hookServer?.closeAllConnections();
  await new Promise((r) => hookServer?.close(r));
  await rm(scriptDir, { recursive: true, force: true });
});

describe("incident share links in Chromium", () => {
  it("lets an operator share an incident that a browser never signed in opens, read-only, with secrets redacted", async () => {
    const operator = await app.newContext(browser, "operator");
    const page = await operator.newPage();
    await page.goto(`${app.url}/incidents/${incidentId}`);
    await page.getByText("boot step 3 done").waitFor();
    await page.getByLabel("Expiry").selectOption("1d");
    await page.getByLabel("Access").selectOption("anyone");
    await page.getByRole("button", { name: "Create link" }).click();
    const link = await page.getByLabel("New share link").inputValue();
    expect(link).toMatch(new RegExp(`^${app.url}/s/[A-Za-z0-9_-]{43}$`));

    const stranger = await browser.newContext();
    const shared = await stranger.newPage();
    const res = await shared.goto(`${link}#L2`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()["referrer-policy"]).toBe("no-referrer");
    expect(res?.headers()["x-robots-tag"]).toMatch(/noindex/);
    await shared.getByText("boot step 3 done").waitFor();
    expect(await shared.locator('meta[name="robots"]').getAttribute("content")).toMatch(/noindex/);
    const body = (await shared.content()) ?? "";
    expect(body).toContain("password=[redacted]");
    expect(body).not.toContain("hunter2-planted");
    expect(body).not.toContain(sv.socketPath);
    await expect.poll(() => shared.locator("#L2").getAttribute("data-selected")).toBe("true");
    expect(await shared.locator("#L3").getAttribute("data-selected")).toBeNull();
    const download = await fetch(`${app.url}/api/share/${link.split("/s/")[1]}/download`);
    expect(await download.text()).toContain("boot step 3 done");

    // Revoked from the incident page: the same link now shows not found.
    await page.getByRole("button", { name: "Revoke" }).click();
    await page.getByText(/revoked/).waitFor();
    const again = await (await browser.newContext()).newPage();
    const gone = await again.goto(link);
    expect(gone?.status()).toBe(404);
    await again.getByText("Not found").waitFor();
    expect(await again.content()).not.toContain("boot step");
    await operator.close();
    await stranger.close();
  });

  it("answers an expired link like one that never existed", async () => {
    const { token, share } = await createLink("1h", "anyone");
    expect((await fetch(`${app.url}/api/share/${token}`)).status).toBe(200);
    const store = openStore(path.join(app.dir, "respawn.db"));
    try {
      store.db.prepare("UPDATE shares SET expires_at = ? WHERE id = ?").run(Date.now() - 1, share.id);
    } finally {
      store.close();
    }
    const page = await (await browser.newContext()).newPage();
    const res = await page.goto(`${app.url}/s/${token}`);
    expect(res?.status()).toBe(404);
    await page.getByText("Not found").waitFor();
  });

  it("answers revoked, expired, guessed, malformed and oversize tokens with the same status and body", async () => {
    const live = await createLink("7d", "anyone");
    const revoked = await createLink("7d", "anyone");
    const del = await api(`/api/incidents/${incidentId}/shares/${revoked.share.id}`, "operator", { method: "DELETE" });
    expect(del.status).toBe(200);
    const expired = await createLink("1h", "anyone");
    const store = openStore(path.join(app.dir, "respawn.db"));
    try {
      store.db.prepare("UPDATE shares SET expires_at = ? WHERE id = ?").run(Date.now() - 1, expired.share.id);
    } finally {
      store.close();
    }
    const flip = live.token.at(-1) === "A" ? "B" : "A";
    const tokens = {
      revoked: revoked.token,
      expired: expired.token,
      guessed: live.token.slice(0, -1) + flip,
      neverExisted: "x".repeat(43),
      malformed: "not-a-token!",
      oversize: "a".repeat(4_000),
      encoded: "%2e%2e%2fapi%2ffleet",
    };
    const answers = await Promise.all(
      Object.values(tokens).map(async (t) => {
        const res = await fetch(`${app.url}/api/share/${t}`);
        return { status: res.status, body: await res.text(), referrer: res.headers.get("referrer-policy") };
      }),
    );
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0]!.status).toBe(404);
    expect(answers[0]!.referrer).toBe("no-referrer");
    expect((await fetch(`${app.url}/api/share/${live.token}`)).status).toBe(200);
  });

  it("keeps signed-in-only links behind sign-in, and the choice of never expiring for admins", async () => {
    const { token } = await createLink("1d", "signed-in");
    expect((await fetch(`${app.url}/api/share/${token}`)).status).toBe(401);
    expect((await fetch(`${app.url}/api/share/${token}`, { headers: { Cookie: await app.signIn("viewer") } })).status).toBe(200);
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${app.url}/s/${token}`);
    expect(new URL(page.url()).pathname).toBe("/login");

    const never = await api(`/api/incidents/${incidentId}/shares`, "operator", { method: "POST", body: JSON.stringify({ expiry: "never", access: "anyone" }) });
    expect(never.status).toBe(403);
    const viewer = await api(`/api/incidents/${incidentId}/shares`, "viewer", { method: "POST", body: JSON.stringify({ expiry: "1h", access: "anyone" }) });
    expect(viewer.status).toBe(403);
    expect((await api(`/api/incidents/${incidentId}`, "viewer")).status).toBe(200);
    const admin = await createLink("never", "anyone", "admin");
    const body = (await (await fetch(`${app.url}/api/share/${admin.token}`)).json()) as { expiresAt: number | null };
    expect(body.expiresAt).toBeNull();

    const store = openStore(path.join(app.dir, "respawn.db"));
    try {
      const actions = store.db.prepare("SELECT action, result FROM audit WHERE action LIKE 'share.%'").all() as Array<{ action: string; result: string }>;
      expect(actions).toContainEqual({ action: "share.create", result: "ok" });
      expect(actions).toContainEqual({ action: "share.revoke", result: "ok" });
      expect(actions).toContainEqual({ action: "share.create", result: "denied" });
      const hashes = store.db.prepare("SELECT token_hash FROM shares").all() as Array<{ token_hash: string }>;
      expect(hashes.every((h) => /^[0-9a-f]{64}$/.test(h.token_hash) && h.token_hash !== admin.token)).toBe(true);
    } finally {
      store.close();
    }
  });

  it("creates an incident from lines selected in a process's log view, the selection highlighted", async () => {
    const operator = await app.newContext(browser, "operator");
    const page = await operator.newPage();
    await page.goto(`${app.url}/p/${talkerId}`);
    const log = page.getByRole("log", { name: "stdout log" });
    await log.getByText("boot step 3 done").waitFor();
    await page.evaluate(() => {
      const rows = [...document.querySelectorAll('[role="log"] [data-index]')];
      const first = rows.find((r) => r.textContent?.includes("connecting with"));
      const last = rows.find((r) => r.textContent?.includes("boot step 3 done"));
      if (!first || !last) throw new Error("rows not found");
      const range = document.createRange();
      range.setStartBefore(first.firstChild ?? first);
      range.setEndAfter(last.lastChild ?? last);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
    });
    await page.getByRole("button", { name: "Create incident" }).click();
    const form = page.getByRole("form", { name: "Create incident" });
    await form.getByLabel("Title").fill("selected boot lines");
    await form.getByLabel("Comment").fill("from the log view");
    expect(await form.getByLabel(/the selected lines \(2\)/).isChecked()).toBe(true);
    await form.getByRole("button", { name: "Create", exact: true }).click();
    await page.getByRole("link", { name: /Incident #\d+ created/ }).click();
    await page.getByRole("heading", { name: "selected boot lines" }).waitFor();
    const selected = await page.locator('li[data-selected="true"]').allTextContents();
    expect(selected).toHaveLength(2);
    expect(selected.join("\n")).toContain("password=[redacted]");
    expect(selected.join("\n")).toContain("boot step 3 done");
    expect(await page.content()).not.toContain("hunter2-planted");
    await operator.close();
  });

  it("captures an incident when a program gives up, lists it, shows its lines and tells the webhook", async () => {
    let incident: { id: number; processName: string; kind: string } | undefined;
    await waitUntil("an incident for crashy", async () => {
      const res = await api("/api/incidents?status=open", "viewer");
      const list = ((await res.json()) as { incidents: Array<{ id: number; processName: string; kind: string }> }).incidents;
      incident = list.find((i) => i.processName === "crashy");
      return Boolean(incident);
    }, 300);
    expect(incident!.kind).toBe("gave-up");
    const full = (await (await api(`/api/incidents/${incident!.id}`, "viewer")).json()) as {
      snapshot: { policy: { source: string; values: Record<string, unknown> }; exits: Array<{ exitStatus: number | null }> };
    };
    // The restart policy as lib/policies reads it from supervisord's own configuration.
    expect(full.snapshot.policy.source).toBe("policy");
    expect(full.snapshot.policy.values).toMatchObject({ startretries: 1 });
    const viewer = await app.newContext(browser, "viewer");
    const page = await viewer.newPage();
    await page.goto(`${app.url}/incidents`);
    await page.getByRole("link", { name: /crashy on local gave up/ }).click();
    await page.getByText("crash-loop: cannot open config").first().waitFor();
    // A viewer sees incidents but is not offered share links.
    expect(await page.getByRole("region", { name: "Share links" }).count()).toBe(0);
    await viewer.close();
    await waitUntil("the webhook called", async () => hookBodies.some((b) => b.includes(`/incidents/${incident!.id}`)), 100);
    const hook = JSON.parse(hookBodies.find((b) => b.includes(`/incidents/${incident!.id}`))!) as { text: string };
    expect(hook.text).toContain(`https://respawn.example.com/incidents/${incident!.id}`);
    expect(app.output()).not.toContain("SECRETPATH");
  });
});

describe("incident and admin pages for keyboard and screen-reader users", () => {
  it("has no critical or serious axe finding on /incidents/:id and /admin, on a desk and a phone", async () => {
    for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
      const context = await app.newContext(browser, "admin", { viewport });
      const page = await context.newPage();
      for (const route of [`/incidents/${incidentId}`, "/admin"]) {
        await page.goto(`${app.url}${route}`);
        await page.waitForLoadState("networkidle");
        const found = await seriousViolations(page);
        expect({ route, viewport, found }).toEqual({ route, viewport, found: [] });
      }
      await context.close();
    }
  });

  it("shows audit times in UTC ISO, as every other page does", async () => {
    const context = await app.newContext(browser, "admin", { viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/admin`);
    const firstTime = page.locator("table time").first();
    await firstTime.waitFor();
    expect(await firstTime.textContent()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    await page.screenshot({ path: path.join(tmpdir(), "respawn-admin-1440.png"), fullPage: true });
    await context.close();
  });
});
