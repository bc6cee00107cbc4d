/**
 * A real systemd user manager, its D-Bus and journald for tests (see ENVIRONMENT.md): started
 * once per machine when not already running, then test units are installed under a unique
 * prefix and removed again on teardown.
 */
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile, chmod } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
export const RUNTIME_DIR = "/run/user/0";
export const USER_BUS_ADDRESS = `unix:path=${RUNTIME_DIR}/bus`;
export const UNITS_DIR = fileURLToPath(new URL("../fixtures/units", import.meta.url));
const ENV = { ...process.env, XDG_RUNTIME_DIR: RUNTIME_DIR };

/** Names (with the prefix) of the fixture units, by their file's base name. */
export interface TestUnitNames {
  healthy: string;
  crashloop: string;
  noisy: string;
  hostile: string;
}

export interface TestUnits {
  prefix: string;
  names: TestUnitNames;
  /** `systemctl --user …`; resolves with stdout (rejects on a non-zero exit). */
  systemctl(...args: string[]): Promise<string>;
  /** Stops and removes the units, then reloads the manager. */
  teardown(): Promise<void>;
}

async function runningCommands(): Promise<string[]> {
  const out: string[] = [];
  for (const pid of await readdir("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const cmd = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (cmd) out.push(cmd.replace(/\0/g, " ").trim());
  }
  return out;
}

function startDetached(command: string, args: string[]): void {
  const child = spawn(command, args, { detached: true, stdio: "ignore", env: ENV });
  child.unref();
}

/** Polls `check` until it resolves true; throws after `tries`. */
export async function waitUntil(what: string, check: () => Promise<boolean>, tries = 100, everyMs = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** True when systemd answers on the user bus (not only on its private socket). */
export async function userBusAnswers(): Promise<boolean> {
  const args = ["--address", USER_BUS_ADDRESS, "get-property", "org.freedesktop.systemd1"];
  args.push("/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager", "Version");
  return run("busctl", args, { env: ENV, timeout: 5000 }).then(
    () => true,
    () => false,
  );
}

/** Starts journald and `systemd --user` when they are not running, and waits for the user bus. */
export async function ensureUserManager(): Promise<void> {
  await mkdir("/run/systemd/system", { recursive: true });
  await mkdir(RUNTIME_DIR, { recursive: true });
  await chmod(RUNTIME_DIR, 0o700);
  const cmds = await runningCommands();
  if (!cmds.some((c) => c.includes("systemd-journald"))) startDetached("/lib/systemd/systemd-journald", []);
  if (!cmds.some((c) => /systemd --user/.test(c))) startDetached("/lib/systemd/systemd", ["--user"]);
  await waitUntil("the systemd user bus", userBusAnswers, 150);
}

export async function systemctl(...args: string[]): Promise<string> {
  const { stdout } = await run("systemctl", ["--user", ...args], { env: ENV, timeout: 30_000 });
  return stdout;
}

function userUnitDir(): string {
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), ".config"), "systemd", "user");
}

/** Installs the fixture units under a fresh prefix; starts the ones listed in `start`. */
export async function installTestUnits(start: Array<keyof TestUnitNames> = []): Promise<TestUnits> {
  await ensureUserManager();
  const prefix = `rsp-${randomBytes(3).toString("hex")}-`;
  const dir = userUnitDir();
  await mkdir(dir, { recursive: true });
  const files = (await readdir(UNITS_DIR)).filter((f) => f.endsWith(".service"));
  for (const f of files) await writeFile(path.join(dir, prefix + f), await readFile(path.join(UNITS_DIR, f)));
  await systemctl("daemon-reload");
  const names: TestUnitNames = {
    healthy: `${prefix}healthy.service`,
    crashloop: `${prefix}crashloop.service`,
    noisy: `${prefix}noisy.service`,
    hostile: `${prefix}hostile.service`,
  };
  if (start.length > 0) await systemctl("start", ...start.map((k) => names[k]));
  return {
    prefix,
    names,
    systemctl,
    async teardown() {
      const all = files.map((f) => prefix + f);
      await systemctl("stop", ...all).catch(() => undefined);
      await systemctl("reset-failed", ...all).catch(() => undefined);
      for (const f of all) await rm(path.join(dir, f), { force: true, recursive: true });
      await rm(path.join(dir, `${names.healthy}.d`), { force: true, recursive: true });
      await systemctl("daemon-reload").catch(() => undefined);
    },
  };
}

/** The main PID systemd reports for a unit (0 when none). */
export async function mainPid(unit: string): Promise<number> {
  const out = await systemctl("show", "-p", "MainPID", "--value", unit);
  return Number(out.trim());
}

/** Minimal shape of a connector's subscribe, so the harness needs no import from lib/. */
type Subscribable<E> = { subscribe(listener: (e: E) => void): () => void };

/** Records a connector's events; `next` waits (bounded) for the first one matching, from now on. */
export function recordEvents<E>(connector: Subscribable<E>) {
  const events: Array<{ at: number; event: E }> = [];
  const waiters = new Set<() => void>();
  const off = connector.subscribe((event) => {
    events.push({ at: performance.now(), event });
    waiters.forEach((w) => w());
  });
  async function next(match: (e: E) => boolean, what: string, timeoutMs = 30_000): Promise<{ at: number; event: E }> {
    const from = events.length;
    return nextSince(from, match, what, timeoutMs);
  }
  /** Like next, but also accepts events recorded since index `from`. */
  function nextSince(from: number, match: (e: E) => boolean, what: string, timeoutMs = 30_000) {
    return new Promise<{ at: number; event: E }>((resolve, reject) => {
      const check = () => {
        const hit = events.slice(from).find((x) => match(x.event));
        if (!hit) return;
        cleanup();
        resolve(hit);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no event: ${what}; got ${JSON.stringify(events.slice(from).map((x) => x.event))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  }
  return { events, next, nextSince, mark: () => events.length, stop: off };
}
