/**
 * The lean deploy: the standalone folder `npm run build` makes, copied away from the repository
 * (so nothing resolves from its node_modules), started with the shipped unit's own ExecStart,
 * WorkingDirectory and Environment, answers /livez and /readyz and drains on SIGTERM.
 */
import { spawn, execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, STANDALONE_DIR } from "../harness/app";
import { findFreePort } from "../harness/supervisord";

const ROOT = path.resolve(__dirname, "../..");
let dir: string;
let opt: string;

/** The unit's Environment=, ExecStart= and WorkingDirectory=, read as systemd would (no quoting used). */
function readUnit(text: string): { env: Record<string, string>; exec: string[]; cwd: string } {
  const env: Record<string, string> = {};
  let exec: string[] = [];
  let cwd = "/";
  for (const line of text.split("\n")) {
    const m = /^(Environment|ExecStart|WorkingDirectory)=(.*)$/.exec(line.trim());
    if (!m) continue;
    if (m[1] === "Environment") {
      const [k, ...v] = m[2]!.split("=");
      env[k!] = v.join("=");
    } else if (m[1] === "ExecStart") exec = m[2]!.split(/\s+/);
    else cwd = m[2]!;
  }
  return { env, exec, cwd };
}

beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(path.join(tmpdir(), "respawn-standalone-"));
  opt = path.join(dir, "opt", "respawn");
  await cp(STANDALONE_DIR, opt, { recursive: true, verbatimSymlinks: true });
}, 300_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the standalone deploy", () => {
  it("holds the server, its assets and the respawn command, without build tooling", async () => {
    for (const f of ["server.js", "bin/respawn.mjs", "deploy/respawn.service", "node_modules/better-sqlite3"]) expect(existsSync(path.join(opt, f)), f).toBe(true);
    for (const dev of ["typescript", "tsx", "esbuild", "vitest", "eslint", "playwright-core", "@img", "sharp"]) {
      expect(existsSync(path.join(opt, "node_modules", dev)), dev).toBe(false);
    }
    const { stdout } = await promisify(execFile)("du", ["-sk", opt]);
    console.log(`standalone deploy: ${Math.round(Number(stdout.split("\t")[0]) / 1024)} MB on disk`);
  });

  it("runs its own respawn command (yaml and zod bundled in)", async () => {
    const bin = path.join(opt, "bin", "respawn.mjs");
    const run = promisify(execFile);
    const data = path.join(dir, "cli-data");
    expect((await run(bin, ["user", "add", "--generate", "--role", "admin", "--data-dir", data, "ops"])).stdout).toMatch(/^created ops \(admin\)/);
    expect((await run(bin, ["config", "check", path.join(opt, "respawn.example.yaml")])).stdout).toMatch(/valid/);
  });

  it("starts with the shipped unit's command and environment, answers /livez and /readyz, exits 0 on SIGTERM", async () => {
    const unit = readUnit((await readFile(path.join(ROOT, "deploy", "respawn.service"), "utf8")).replaceAll("/opt/respawn", opt));
    expect(unit.exec[0]).toBe("/usr/bin/node");
    const port = await findFreePort();
    const config = path.join(dir, "config.yaml");
    await writeFile(config, "hosts: []\n");
    expect(unit.env).toMatchObject({ NODE_ENV: "production", NEXT_MANUAL_SIG_HANDLE: "true", HOSTNAME: "127.0.0.1" });
    // The unit's environment, with the test's port, configuration and data folder.
    const env = { ...unit.env, NODE_ENV: "production" as const, PATH: "/usr/local/bin:/usr/bin:/bin", PORT: String(port), RESPAWN_CONFIG: config, RESPAWN_DATA_DIR: path.join(dir, "data") };
    const child = spawn(process.execPath, unit.exec.slice(1), { cwd: unit.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const url = `http://127.0.0.1:${port}`;
      const end = Date.now() + 60_000;
      let ready = 0;
      while (Date.now() < end && child.exitCode === null) {
        ready = await fetch(`${url}/readyz`).then((r) => r.status, () => 0);
        if (ready === 200) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(ready, out).toBe(200);
      expect((await fetch(`${url}/livez`)).status).toBe(200);
      const page = await fetch(`${url}/login`);
      expect(page.status).toBe(200);
      // The page's script and style assets come from the copied .next/static.
      const asset = /\/_next\/static\/[^"]+\.(?:js|css)/.exec(await page.text())?.[0];
      expect(asset).toBeDefined();
      expect((await fetch(`${url}${asset}`)).status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited, out).toBe(0);
  });
});
