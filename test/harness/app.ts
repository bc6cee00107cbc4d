/**
 * Runs the built dashboard (`next start`) on a free loopback port with a configuration written
 * for the test, and keeps everything it prints so tests can inspect the server's output.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { findFreePort } from "./supervisord";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

export interface AppInstance {
  url: string;
  /** Pid of the server process. */
  pid: number;
  dir: string;
  configPath: string;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** Sends a signal and waits for the exit code. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  stop(): Promise<void>;
}

/** Builds the app once if no build exists (browser tests need a production build). */
export function ensureBuilt(): void {
  if (existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return;
  execFileSync(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
}

/** Starts the dashboard with `config` (the YAML document as an object) and waits until ready. */
export async function startApp(config: unknown, env: Record<string, string> = {}): Promise<AppInstance> {
  ensureBuilt();
  const dir = await mkdtemp(path.join(tmpdir(), "respawn-app-"));
  const configPath = path.join(dir, "config.yaml");
  await writeFile(configPath, stringify(config));
  const port = await findFreePort();
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", RESPAWN_CONFIG: configPath, RESPAWN_DATA_DIR: dir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child, () => out);
  return {
    url,
    pid: child.pid ?? 0,
    dir,
    configPath,
    output: () => out,
    kill: (signal = "SIGTERM") => killChild(child, signal),
    async stop() {
      await killChild(child, "SIGTERM");
      await rm(dir, { recursive: true, force: true });
    },
  };
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
    const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", (code) => {
      clearTimeout(force);
      resolve(code);
    });
    child.kill(signal);
  });
}
