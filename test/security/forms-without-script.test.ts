/**
 * Every form that carries a password works with JavaScript disabled in Chromium (as it does before
 * hydration, or with script blocked): it POSTs, never puts a secret in a URL, gets the same checks,
 * and comes back to its page with the outcome. Forwarded headers count only from trustProxy.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startApp, signInAs, type AppInstance } from "../harness/app";
import { launchBrowser } from "../harness/browser";

let app: AppInstance;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** A page with script off that records every URL it asks for and every request's method. */
async function noScriptPage(cookie?: string, base = app.url): Promise<{ page: Page; urls: string[]; posts: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  if (cookie) {
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: base, httpOnly: true, sameSite: "Strict" }]);
  }
  const page = await context.newPage();
  const urls: string[] = [];
  const posts: string[] = [];
  page.on("request", (r) => {
    urls.push(r.url());
    if (r.method() === "POST") posts.push(new URL(r.url()).pathname);
  });
  return { page, urls, posts };
}

const noSecretIn = (urls: string[], ...secrets: string[]) => {
  for (const u of urls) for (const s of secrets) expect(decodeURIComponent(u)).not.toContain(s);
};

beforeAll(async () => {
  app = await startApp({ hosts: [] });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await app?.stop();
});

describe("forms without JavaScript", () => {
  it("signs in by POST: a wrong password comes back with the message, the right one reaches the page asked for", async () => {
    const { page, urls, posts } = await noScriptPage();
    await page.goto(`${app.url}/login?next=%2Faccount`);
    await page.getByLabel("User name").fill(app.users.viewer.name);
    await page.getByLabel("Password").fill("wrong-password-123");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/login\?next=%2Faccount$/);
    await expect(page.getByRole("alert").textContent()).resolves.toMatch(/wrong user name or password|not valid/i);
    await page.getByLabel("User name").fill(app.users.viewer.name);
    await page.getByLabel("Password").fill(app.users.viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${app.url}/account`);
    await expect(page.getByRole("heading", { name: "Your account" }).isVisible()).resolves.toBe(true);
    expect(posts).toEqual(["/api/auth/login", "/api/auth/login"]);
    noSecretIn(urls, app.users.viewer.password, "wrong-password-123");
  });

  it("changes one's own password by POST and says so on the account page", async () => {
    const user = { name: app.users.operator.name, password: app.users.operator.password };
    const { page, urls } = await noScriptPage(await signInAs(app.url, user));
    await page.goto(`${app.url}/account`);
    const next = "Fresh-Passw0rd-12345";
    await page.getByLabel("Current password").fill(user.password);
    await page.getByLabel("New password (at least 12 characters)").fill(next);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.waitForURL(`${app.url}/account`);
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/Password changed/);
    await signInAs(app.url, { name: user.name, password: next });
    app.users.operator.password = next;
    noSecretIn(urls, user.password, next);
    // The message is shown once: the next visit no longer carries it.
    await page.goto(`${app.url}/account`);
    expect(await page.getByRole("status").count()).toBe(0);
  });

  it("creates a user and sets a password from the admin page by POST", async () => {
    const { page, urls } = await noScriptPage(await app.signIn("admin"));
    await page.goto(`${app.url}/admin`);
    const password = "Created-Passw0rd-xyz";
    await page.getByLabel("New user name").fill("nojs");
    await page.getByLabel("New user role").selectOption("operator");
    await page.getByLabel("New user password").fill(password);
    await page.getByRole("button", { name: "Create user" }).click();
    await page.waitForURL(`${app.url}/admin`);
    await expect(page.getByRole("status").filter({ hasText: /nojs/ }).textContent()).resolves.toBe("nojs created");
    await signInAs(app.url, { name: "nojs", password });
    const reset = "Reset-Passw0rd-abc-2";
    await page.getByLabel("New password for nojs").fill(reset);
    await page.getByRole("row", { name: /nojs/ }).getByRole("button", { name: "Set password" }).click();
    await page.waitForURL(`${app.url}/admin`);
    await expect(page.getByRole("status").filter({ hasText: /nojs/ }).textContent()).resolves.toMatch(/nojs changed/);
    await signInAs(app.url, { name: "nojs", password: reset });
    await page.getByLabel("Role of nojs").selectOption("viewer");
    await page.getByRole("row", { name: /nojs/ }).getByRole("button", { name: "Save" }).click();
    await page.waitForURL(`${app.url}/admin`);
    await expect(page.getByLabel("Role of nojs").inputValue()).resolves.toBe("viewer");
    noSecretIn(urls, password, reset);
  });

  it("creates the first admin from the setup link by POST and signs them in", async () => {
    const fresh = await startApp({ hosts: [] }, {}, { users: false });
    try {
      const token = /\/setup\/([A-Za-z0-9_-]{43})/.exec(fresh.output())?.[1];
      const { page, urls } = await noScriptPage(undefined, fresh.url);
      await page.goto(`${fresh.url}/setup/${token}`);
      await page.getByLabel("User name").fill("root");
      await page.getByLabel("Password (at least 12 characters)").fill("short");
      await page.getByRole("button", { name: "Create admin and sign in" }).click();
      await page.waitForURL(`${fresh.url}/setup/${token}`);
      await expect(page.getByRole("alert").textContent()).resolves.toMatch(/12/);
      await page.getByLabel("User name").fill("root");
      await page.getByLabel("Password (at least 12 characters)").fill("first-Admin-Passw0rd");
      await page.getByRole("button", { name: "Create admin and sign in" }).click();
      await page.waitForURL(`${fresh.url}/`);
      noSecretIn(urls, "first-Admin-Passw0rd", "short");
      const cookies = await page.context().cookies(fresh.url);
      expect(cookies.some((c) => c.name === "respawn_session")).toBe(true);
    } finally {
      await fresh.stop();
    }
  });

  it("refuses a cross-site form post the same way as a JSON one", async () => {
    const res = await fetch(`${app.url}/api/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
      body: new URLSearchParams({ name: app.users.viewer.name, password: app.users.viewer.password }),
      redirect: "manual",
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("set-cookie") ?? "").not.toMatch(/respawn_session=[A-Za-z0-9_-]{10}/);
  });
});

describe("forwarded headers without trustProxy", () => {
  it("believe no X-Forwarded-Host: a foreign Origin that names it is still refused", async () => {
    const res = await fetch(`${app.url}/api/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "https://evil.example", "X-Forwarded-Host": "evil.example" },
      body: JSON.stringify(app.users.viewer),
    });
    expect(res.status).toBe(403);
  });

  it("believe no X-Forwarded-For or -Proto: the audit has the real peer and the cookie is not Secure", async () => {
    const res = await fetch(`${app.url}/api/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: app.url, "X-Forwarded-For": "203.0.113.99", "X-Forwarded-Proto": "https" },
      body: JSON.stringify({ name: app.users.viewer.name, password: app.users.viewer.password }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).not.toMatch(/Secure/);
    const audit = (await (await fetch(`${app.url}/api/admin/audit?action=auth.sign-in&limit=50`, { headers: await app.headersFor("admin") })).json()) as {
      entries: { address: string | null }[];
    };
    expect(audit.entries.length).toBeGreaterThan(0);
    expect(audit.entries.map((e) => e.address)).not.toContain("203.0.113.99");
    expect(audit.entries[0]?.address).toMatch(/127\.0\.0\.1/);
  });
});
