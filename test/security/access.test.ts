/**
 * Who may reach what, against the built dashboard and a real supervisord: every route and page
 * found under app/ is closed to anonymous callers and forged cookies, every action is closed to
 * viewers, and a cross-site or GET request to an action URL runs nothing and is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPublicPath } from "../../lib/auth/public-paths";
import type { AuditEntry } from "../../lib/store/audit";
import type { FleetSnapshot, ProcessView } from "../../lib/fleet/types";
import { signInAs, startApp, type AppInstance } from "../harness/app";
import { programCommand, startSupervisord, type SupervisordInstance } from "../harness/supervisord";
import { waitUntil } from "../harness/systemd";
import { isStateChanging, listAppRoutes } from "./routes";

// Routes any signed-in user may call on themselves.
const SELF_SERVICE = new Set(["/api/auth/logout", "/api/auth/password"]);

let sv: SupervisordInstance;
let app: AppInstance;
let web: ProcessView;

const routes = listAppRoutes();
const privateRoutes = routes.filter((r) => !isPublicPath(r.url));

async function fleet(): Promise<FleetSnapshot> {
  return (await (await fetch(`${app.url}/api/fleet`, { headers: await app.headersFor("viewer") })).json()) as FleetSnapshot;
}

async function webNow(): Promise<ProcessView> {
  return (await fleet()).processes.find((p) => p.name === "web")!;
}

async function audit(query: string): Promise<AuditEntry[]> {
  const res = await fetch(`${app.url}/api/admin/audit?${query}`, { headers: await app.headersFor("admin") });
  return ((await res.json()) as { entries: AuditEntry[] }).entries;
}

/** Creates a user through the admin API; returns its credentials. */
async function addUser(name: string, role: string): Promise<{ name: string; password: string }> {
  const password = `Pa55word-long-${name.length}-x`;
  const res = await fetch(`${app.url}/api/admin/users`, {
    method: "POST",
    headers: { ...(await app.headersFor("admin")), "Content-Type": "application/json" },
    body: JSON.stringify({ name, role, password }),
  });
  expect(res.status).toBe(201);
  return { name, password };
}

beforeAll(async () => {
  sv = await startSupervisord({ programs: [{ name: "web", command: programCommand("sleeper.sh") }] });
  app = await startApp({ hosts: [{ id: "local", supervisord: { socket: sv.socketPath } }] });
  await waitUntil("web running", async () => Boolean((await fleet()).processes.find((p) => p.name === "web" && p.state === "running" && p.pid)), 300);
  web = await webNow();
});

afterAll(async () => {
  await app?.stop();
  await sv?.stop();
});

describe("routes found under app/", () => {
  it("include the API, the pages and the action URLs, so the checks below cover something", () => {
    expect(privateRoutes.some((r) => r.url === "/api/fleet")).toBe(true);
    expect(privateRoutes.some((r) => r.url === "/" && r.kind === "page")).toBe(true);
    expect(privateRoutes.some((r) => r.methods.some(isStateChanging))).toBe(true);
  });

  it("refuse anonymous callers: API 401 UNAUTHENTICATED, pages redirect to /login with next", async () => {
    for (const route of privateRoutes) {
      for (const method of route.methods) {
        const res = await fetch(`${app.url}${route.url}`, { method, redirect: "manual", headers: { Origin: app.url } });
        const what = `${method} ${route.url}`;
        if (route.kind === "api") {
          expect(res.status, what).toBe(401);
          expect(((await res.json()) as { error: { code: string } }).error.code, what).toBe("UNAUTHENTICATED");
        } else {
          expect(res.status, what).toBe(307);
          expect(res.headers.get("location"), what).toMatch(/^\/login\?next=/);
        }
      }
    }
  });

  it("refuse a forged or ended session cookie the same way", async () => {
    const ended = await signInAs(app.url, await addUser("leaver", "operator"));
    await fetch(`${app.url}/api/auth/logout`, { method: "POST", headers: { Cookie: ended, Origin: app.url } });
    for (const cookie of ["respawn_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ended]) {
      for (const route of privateRoutes) {
        for (const method of route.methods) {
          const res = await fetch(`${app.url}${route.url}`, { method, redirect: "manual", headers: { Cookie: cookie, Origin: app.url } });
          expect(res.status, `${method} ${route.url}`).toBe(route.kind === "api" ? 401 : 307);
        }
      }
    }
  });

  it("refuse a viewer every action (403), and nothing runs", async () => {
    const headers = { ...(await app.headersFor("viewer")), "Content-Type": "application/json" };
    const actions = privateRoutes.filter((r) => r.kind === "api" && !SELF_SERVICE.has(r.url));
    let checked = 0;
    for (const route of actions) {
      for (const method of route.methods.filter(isStateChanging)) {
        const url = route.url.replace("bG9jYWwAcwB3ZWI", web.id);
        const body = JSON.stringify({ action: "stop", ids: [web.id] });
        const res = await fetch(`${app.url}${url}`, { method, headers, body });
        expect(res.status, `${method} ${url}`).toBe(403);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2);
    const now = await webNow();
    expect(now.state).toBe("running");
    expect(now.pid).toBe(web.pid);
    const denied = await audit("actor=viewer&action=request.denied");
    expect(denied.length).toBeGreaterThanOrEqual(checked);
  });
});

describe("action URLs", () => {
  const actionUrl = () => `${app.url}/api/processes/${web.id}/actions`;

  it("refuse a cross-site form POST sent as text/plain: nothing runs, audited", async () => {
    const res = await fetch(actionUrl(), {
      method: "POST",
      headers: { Cookie: await app.signIn("admin"), Origin: "http://evil.example", "Content-Type": "text/plain", "Sec-Fetch-Site": "cross-site" },
      body: '{"action":"stop"}',
    });
    expect(res.status).toBe(403);
    const entries = await audit("action=request.refused&actor=admin");
    expect(entries.some((e) => e.target === `POST /api/processes/${web.id}/actions` && /evil\.example|cross-site/.test(e.detail ?? ""))).toBe(true);
    expect((await webNow()).pid).toBe(web.pid);
  });

  it("refuse Origin: null (sandboxed frames, data: URLs): nothing runs, audited", async () => {
    const res = await fetch(actionUrl(), {
      method: "POST",
      headers: { Cookie: await app.signIn("admin"), Origin: "null", "Content-Type": "application/json" },
      body: '{"action":"stop"}',
    });
    expect(res.status).toBe(403);
    expect((await audit("action=request.refused")).some((e) => e.detail?.includes("Origin: null"))).toBe(true);
    expect((await webNow()).pid).toBe(web.pid);
  });

  it("refuse a state-changing request with no Origin at all", async () => {
    const res = await fetch(actionUrl(), {
      method: "POST",
      headers: { Cookie: await app.signIn("admin"), "Content-Type": "application/json" },
      body: '{"action":"stop"}',
    });
    expect(res.status).toBe(403);
    expect((await webNow()).pid).toBe(web.pid);
  });

  it("answer a GET to an action URL with 405: nothing runs, audited", async () => {
    for (const url of [actionUrl(), `${actionUrl()}?action=stop`, `${app.url}/api/actions?action=stop&ids=${web.id}`]) {
      const res = await fetch(url, { headers: { Cookie: await app.signIn("admin") } });
      expect(res.status, url).toBe(405);
    }
    expect((await audit("action=request.refused")).some((e) => e.detail === "GET to an action URL")).toBe(true);
    expect((await webNow()).pid).toBe(web.pid);
  });

  it("run a same-origin action for an operator, audited per process before the answer", async () => {
    const res = await fetch(actionUrl(), {
      method: "POST",
      headers: { ...(await app.headersFor("operator")), "Content-Type": "application/json" },
      body: '{"action":"restart"}',
    });
    expect(res.status).toBe(200);
    const rows = await audit("actor=operator&action=process.restart");
    expect(rows.map((e) => e.result).sort()).toEqual(["attempted", "done"]);
    expect(rows[0]!.target).toBe("local/supervisord/web");
    const batch = await fetch(`${app.url}/api/actions`, {
      method: "POST",
      headers: { ...(await app.headersFor("operator")), "Content-Type": "application/json" },
      body: JSON.stringify({ action: "restart", ids: [web.id, "bm8tc3VjaA"] }),
    });
    expect(batch.status).toBe(200);
    const results = ((await batch.json()) as { results: Array<{ result?: { ok: boolean }; error?: { code: string } }> }).results;
    expect(results[0]?.result?.ok).toBe(true);
    expect(results[1]?.error?.code).toBe("NOT_FOUND");
    const after = await audit("actor=operator&action=process.restart");
    expect(after.map((e) => e.result).sort()).toEqual(["attempted", "attempted", "done", "done"]);
    web = await webNow();
  });
});
