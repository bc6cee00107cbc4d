/**
 * Sessions, sign-in and users against the built dashboard: cookies, ending sessions, lockout,
 * host limits, the first admin by setup link and by the CLI.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FleetSnapshot } from "../../lib/fleet/types";
import { signInAs, startApp, type AppInstance } from "../harness/app";
import { programCommand, startSupervisord, type SupervisordInstance } from "../harness/supervisord";
import { waitUntil } from "../harness/systemd";

const run = promisify(execFile);
let sv: SupervisordInstance;
let app: AppInstance;

async function addUser(name: string, role: string, hosts?: string[]): Promise<{ name: string; password: string; id: number }> {
  const password = `Pa55word-long-${name.length}-x`;
  const res = await fetch(`${app.url}/api/admin/users`, {
    method: "POST",
    headers: { ...(await app.headersFor("admin")), "Content-Type": "application/json" },
    body: JSON.stringify({ name, role, password, hosts }),
  });
  expect(res.status).toBe(201);
  return { name, password, id: ((await res.json()) as { user: { id: number } }).user.id };
}

const me = (cookie: string) => fetch(`${app.url}/api/auth/me`, { headers: { Cookie: cookie } }).then((r) => r.status);

function login(name: string, password: string, address = "198.51.100.7") {
  return fetch(`${app.url}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: app.url, "X-Forwarded-For": address },
    body: JSON.stringify({ name, password }),
  });
}

beforeAll(async () => {
  sv = await startSupervisord({ programs: [{ name: "web", command: programCommand("sleeper.sh") }] });
  // Sign-ins come "from" several client addresses through a proxy the configuration trusts.
  app = await startApp({ hosts: [{ id: "local", supervisord: { socket: sv.socketPath } }], trustProxy: ["127.0.0.1", "::1"] });
});

afterAll(async () => {
  await app?.stop();
  await sv?.stop();
});

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Strict, Path=/, and Secure only over https", async () => {
    const plain = await login(app.users.viewer.name, app.users.viewer.password);
    const cookie = plain.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^respawn_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const https = await fetch(`${app.url}/api/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: app.url, "X-Forwarded-Proto": "https" },
      body: JSON.stringify(app.users.viewer),
    });
    expect(https.headers.get("set-cookie")).toMatch(/; Secure/);
  });
});

describe("ending sessions", () => {
  it("a password change ends the user's other sessions at their next request; the old password stops working", async () => {
    const u = await addUser("changer", "viewer");
    const a = await signInAs(app.url, u);
    const b = await signInAs(app.url, u);
    expect(await me(b)).toBe(200);
    const next = "a-new-Pa55word-long";
    const res = await fetch(`${app.url}/api/auth/password`, {
      method: "POST",
      headers: { Cookie: a, Origin: app.url, "Content-Type": "application/json" },
      body: JSON.stringify({ current: u.password, next }),
    });
    expect(res.status).toBe(200);
    expect(await me(b)).toBe(401);
    expect(await me(a)).toBe(200);
    expect((await login(u.name, u.password)).status).toBe(401);
    expect((await login(u.name, next)).status).toBe(200);
  });

  it("sign-out ends every session of the user", async () => {
    const u = await addUser("leaver", "viewer");
    const a = await signInAs(app.url, u);
    const b = await signInAs(app.url, u);
    const out = await fetch(`${app.url}/api/auth/logout`, { method: "POST", headers: { Cookie: a, Origin: app.url } });
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    expect(await me(a)).toBe(401);
    expect(await me(b)).toBe(401);
  });

  it("an open live stream closes by itself once its session ends", async () => {
    const u = await addUser("streamer", "viewer");
    const cookie = await signInAs(app.url, u);
    const abort = new AbortController();
    const res = await fetch(`${app.url}/api/events`, { headers: { Cookie: cookie }, signal: abort.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    await fetch(`${app.url}/api/auth/logout`, { method: "POST", headers: { Cookie: cookie, Origin: app.url } });
    // Bounded: the stream rechecks its session every 15 s; a stream that stays open fails here.
    const guard = setTimeout(() => abort.abort(), 60_000);
    try {
      let done = false;
      while (!done) done = (await reader.read()).done;
      expect(done).toBe(true);
    } finally {
      clearTimeout(guard);
    }
  });

  it("disabling a user ends their sessions and refuses their sign-in", async () => {
    const u = await addUser("disabled-one", "operator");
    const a = await signInAs(app.url, u);
    const res = await fetch(`${app.url}/api/admin/users/${u.id}`, {
      method: "PUT",
      headers: { ...(await app.headersFor("admin")), "Content-Type": "application/json" },
      body: JSON.stringify({ disabled: true }),
    });
    expect(res.status).toBe(200);
    expect(await me(a)).toBe(401);
    expect((await login(u.name, u.password)).status).toBe(401);
  });
});

describe("sign-in", () => {
  it("locks a name after 5 failures, even for the right password, and answers an unknown name the same way", async () => {
    const u = await addUser("target", "viewer");
    for (const name of [u.name, "no-such-user"]) {
      const answers: Array<[number, string]> = [];
      for (let i = 0; i < 6; i++) {
        const res = await login(name, `wrong-guess-${i}`, `203.0.113.${i}`);
        answers.push([res.status, ((await res.json()) as { error: { code: string } }).error.code]);
      }
      expect(answers.slice(0, 4), name).toEqual(Array(4).fill([401, "UNAUTHENTICATED"]));
      expect(answers.slice(4), name).toEqual(Array(2).fill([429, "RATE_LIMITED"]));
    }
    expect((await login(u.name, u.password, "203.0.113.99")).status).toBe(429);
    const audit = await fetch(`${app.url}/api/admin/audit?action=auth.sign-in&target=target`, { headers: await app.headersFor("admin") });
    const results = ((await audit.json()) as { entries: Array<{ result: string }> }).entries.map((e) => e.result);
    expect(results.filter((r) => r === "failed")).toHaveLength(5);
    expect(results).toContain("locked");
  });

  it("locks an address that tries many names", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await login(`sprayed-${i}`, "Winter2026!", "192.0.2.50")).status);
    expect(codes.slice(0, 19).every((c) => c === 401)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });
});

describe("host limits", () => {
  it("a user limited to other hosts sees none of this one's processes and cannot act on them", async () => {
    await waitUntil("web listed", async () => {
      const f = (await (await fetch(`${app.url}/api/fleet`, { headers: await app.headersFor("viewer") })).json()) as FleetSnapshot;
      return f.processes.some((p) => p.name === "web");
    }, 300);
    const admin = (await (await fetch(`${app.url}/api/fleet`, { headers: await app.headersFor("admin") })).json()) as FleetSnapshot;
    const web = admin.processes.find((p) => p.name === "web")!;
    const limited = await signInAs(app.url, await addUser("elsewhere", "operator", ["other"]));
    const headers = { Cookie: limited, Origin: app.url, "Content-Type": "application/json" };
    const fleet = (await (await fetch(`${app.url}/api/fleet`, { headers })).json()) as FleetSnapshot;
    expect(fleet.processes).toEqual([]);
    expect(fleet.endpoints).toEqual([]);
    expect((await fetch(`${app.url}/api/processes/${web.id}`, { headers })).status).toBe(404);
    expect((await fetch(`${app.url}/api/processes/${web.id}/logs`, { headers })).status).toBe(404);
    const act = await fetch(`${app.url}/api/processes/${web.id}/actions`, { method: "POST", headers, body: '{"action":"stop"}' });
    expect(act.status).toBe(404);
    const batch = await fetch(`${app.url}/api/actions`, { method: "POST", headers, body: JSON.stringify({ action: "stop", ids: [web.id] }) });
    expect(((await batch.json()) as { results: Array<{ error?: { code: string } }> }).results[0]?.error?.code).toBe("NOT_FOUND");
    const after = (await (await fetch(`${app.url}/api/fleet`, { headers: await app.headersFor("admin") })).json()) as FleetSnapshot;
    expect(after.processes.find((p) => p.name === "web")?.pid).toBe(web.pid);
  });
});

describe("the first admin", () => {
  it("comes from a one-time setup link printed at first start, usable once", async () => {
    const fresh = await startApp({ hosts: [] }, {}, { users: false });
    try {
      const token = /\/setup\/([A-Za-z0-9_-]{43})/.exec(fresh.output())?.[1];
      expect(token).toBeDefined();
      expect((await fetch(`${fresh.url}/setup/${token}`)).status).toBe(200);
      const post = (body: object) =>
        fetch(`${fresh.url}/api/auth/setup`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Origin: fresh.url },
          body: JSON.stringify(body),
        });
      expect((await post({ token: "x".repeat(43), name: "root", password: "long-enough-Pa55" })).status).toBe(403);
      expect((await post({ token, name: "root", password: "short" })).status).toBe(400);
      expect((await post({ token, name: "root", password: "long-enough-Pa55" })).status).toBe(200);
      expect((await post({ token, name: "second", password: "long-enough-Pa55" })).status).toBe(403);
      await signInAs(fresh.url, { name: "root", password: "long-enough-Pa55" });
    } finally {
      await fresh.stop();
    }
  });

  it("comes from the admin CLI, with a generated password printed once", async () => {
    const { stdout } = await run(process.execPath, ["bin/respawn.mjs", "user", "add", "--role", "admin", "--generate", "--data-dir", app.dir, "cli-admin"]);
    const password = /password: (\S+)/.exec(stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const cookie = await signInAs(app.url, { name: "cli-admin", password: password! });
    const who = (await (await fetch(`${app.url}/api/auth/me`, { headers: { Cookie: cookie } })).json()) as { user: { role: string } };
    expect(who.user.role).toBe("admin");
  });
});
