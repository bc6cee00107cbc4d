/**
 * Runs the built dashboard as it is deployed (the standalone server, `node .next/standalone/server.js`,
 * the command deploy/ runs) on a free loopback port with a configuration written
 * for the test, and keeps everything it prints so tests can inspect the server's output.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, BrowserContextOptions } from "playwright-core";
import { stringify } from "yaml";
import { generatePassword } from "../../lib/auth/password";
import { createUser } from "../../lib/auth/users";
import { openStore, resolveStorePath } from "../../lib/store/open-store";
import type { Role } from "../../lib/store/users";
import { findFreePort } from "./supervisord";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
/** The deployable folder `npm run build` makes (deploy/ installs it as /opt/respawn). */
export const STANDALONE_DIR = path.join(ROOT, ".next", "standalone");
export const STANDALONE_SERVER = path.join(STANDALONE_DIR, "server.js");

export interface AppInstance {
  /** Where the dashboard answers, with its base path: http://127.0.0.1:PORT[/base]. */
  url: string;
  /** The loopback port it listens on (for a reverse proxy in front). */
  port: number;
  /** Pid of the server process. */
  pid: number;
  dir: string;
  configPath: string;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** The users made before start, one per role (name = role), with their passwords. */
  users: Record<Role, { name: string; password: string }>;
  /** Signs in as the user of `role` (once, then cached); returns the Cookie header value. */
  signIn(role?: Role): Promise<string>;
  /** Headers of a same-origin request by `role`: Cookie and Origin. */
  headersFor(role?: Role): Promise<Record<string, string>>;
  /** A Chromium context signed in as `role` (1400×900 unless `options` say otherwise). */
  newContext(browser: Browser, role?: Role, options?: BrowserContextOptions): Promise<BrowserContext>;
  /** Sends a signal and waits for the exit code. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Builds the app once if no build exists (browser tests need a production build), and completes
 * the standalone folder when a bare `next build` left it without its static assets.
 */
export function ensureBuilt(basePath = ""): void {
  if (basePath) return ensureSubPathBuilt(basePath);
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID")) || !existsSync(STANDALONE_SERVER)) {
    execFileSync(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, stdio: "inherit", env });
  }
  const buildId = readFileSync(path.join(ROOT, ".next", "BUILD_ID"), "utf8");
  if (!existsSync(path.join(STANDALONE_DIR, ".next", "static", buildId))) {
    execFileSync(process.execPath, [path.join(ROOT, "scripts", "build-standalone.mjs")], { cwd: ROOT, stdio: "inherit", env });
  }
}

/** The command and environment the shipped unit runs the server with, on `port`. */
export function serverCommand(port: number): { command: string; args: string[]; env: Record<string, string> } {
  return {
    command: process.execPath,
    args: [STANDALONE_SERVER],
    env: { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_MANUAL_SIG_HANDLE: "true", HOSTNAME: "127.0.0.1", PORT: String(port) },
  };
}

/** The build folder of a base path: `.next` at the root, `.next-subpath` for any sub-path build. */
function distDirOf(basePath: string): string {
  return basePath ? ".next-subpath" : ".next";
}

/** The environment that builds (and starts) the app under `basePath`. */
function buildEnv(basePath: string): Record<string, string> {
  return basePath ? { RESPAWN_BASE_PATH: basePath, RESPAWN_DIST_DIR: distDirOf(basePath) } : {};
}

/**
 * A sub-path build goes to its own folder (the default one stays as it is); it is built once,
 * and again when it was made for another base path. It is served with `next start`.
 */
function ensureSubPathBuilt(basePath: string): void {
  const dir = path.join(ROOT, distDirOf(basePath));
  const marker = path.join(dir, "respawn-base-path");
  if (existsSync(path.join(dir, "BUILD_ID")) && (!basePath || (existsSync(marker) && readFileSync(marker, "utf8") === basePath))) return;
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...buildEnv(basePath) };
  execFileSync(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, stdio: "inherit", env });
  if (basePath) writeFileSync(marker, basePath);
}

/** `next start` of the sub-path build (the standalone folder is made for the default build only). */
function subPathServerCommand(port: number): { command: string; args: string[]; env: Record<string, string> } {
  return {
    command: process.execPath,
    args: [NEXT_BIN, "start", "-H", "127.0.0.1", "-p", String(port)],
    env: { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_MANUAL_SIG_HANDLE: "true" },
  };
}

/** Starts the dashboard with `config` (the YAML document as an object) and waits until ready. */
export interface StartAppOptions {
  /** Make one user per role before start (default true); false starts with no users at all. */
  users?: boolean;
  /** Serve under this sub-path (a build of its own, see ensureBuilt). */
  basePath?: string;
}

export async function startApp(
  config: unknown,
  env: Record<string, string> = {},
  options: StartAppOptions = {},
): Promise<AppInstance> {
  const basePath = options.basePath ?? "";
  ensureBuilt(basePath);
  const dir = await mkdtemp(path.join(tmpdir(), "respawn-app-"));
  const configPath = path.join(dir, "config.yaml");
  await writeFile(configPath, stringify(config));
  const users = options.users === false ? ({} as AppInstance["users"]) : await createTestUsers(dir);
  const port = await findFreePort();
  const server = basePath ? subPathServerCommand(port) : serverCommand(port);
  const child = spawn(server.command, server.args, {
    cwd: ROOT,
    env: { ...process.env, ...server.env, RESPAWN_CONFIG: configPath, RESPAWN_DATA_DIR: dir, ...buildEnv(basePath), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}${basePath}`;
  await waitReady(url, child, () => out);
  const cookies = new Map<Role, Promise<string>>();
  const signIn = (role: Role = "admin") => {
    if (!cookies.has(role)) cookies.set(role, signInAs(url, users[role]));
    return cookies.get(role)!;
  };
  return {
    url,
    port,
    pid: child.pid ?? 0,
    dir,
    configPath,
    users,
    signIn,
    headersFor: async (role: Role = "admin") => ({ Cookie: await signIn(role), Origin: new URL(url).origin }),
    async newContext(browser, role: Role = "admin", options = {}) {
      const [name, value] = (await signIn(role)).split("=") as [string, string];
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...options });
      await context.addCookies([{ name, value, url, httpOnly: true, sameSite: "Strict" }]);
      return context;
    },
    output: () => out,
    kill: (signal = "SIGTERM") => killChild(child, signal),
    async stop() {
      await killChild(child, "SIGTERM");
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One user per role, named after it, written to the app's store before it starts. */
async function createTestUsers(dir: string): Promise<AppInstance["users"]> {
  const store = openStore(resolveStorePath(dir));
  try {
    const users = {} as AppInstance["users"];
    for (const role of ["admin", "operator", "viewer"] as const) {
      const password = generatePassword();
      await createUser(store.db, { name: role, role, password }, { name: "test-harness" });
      users[role] = { name: role, password };
    }
    return users;
  } finally {
    store.close();
  }
}

/** Signs in through the API as a browser would; returns the Cookie header value. */
export async function signInAs(url: string, user: { name: string; password: string }): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: new URL(url).origin },
    body: JSON.stringify({ name: user.name, password: user.password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${user.name}: HTTP ${res.status} ${await res.text()}`);
  const cookie = /^([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  if (!cookie) throw new Error(`sign-in as ${user.name}: no session cookie`);
  return cookie;
}

async function waitReady(url: string, child: ChildProcess, out: () => string): Promise<void> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`the dashboard exited with ${child.exitCode}:\n${out()}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill("SIGKILL");
  throw new Error(`the dashboard did not become ready within 60 s:\n${out()}`);
}

function killChild(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 25_000);
    child.once("exit", (code) => {
      clearTimeout(force);
      resolve(code);
    });
    child.kill(signal);
  });
}
