/**
 * The `respawn` command on a production install: a copy of the repository as a clone has it,
 * `npm ci --omit=dev` (no tsx, no TypeScript, no esbuild), then the package's bin run for real.
 */
import { execFile, execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "respawn-prod-install-"));
  // What a clone holds: tracked files plus new ones not ignored (so an uncommitted change is tested too).
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const f of files) {
    if (!existsSync(path.join(ROOT, f))) continue; // deleted in the worktree
    await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await cp(path.join(ROOT, f), path.join(dir, f), { preserveTimestamps: true });
  }
  // better-sqlite3 compiles from source here (~80 s): bounded, not open-ended.
  await run("npm", ["ci", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: dir,
    timeout: 12 * 60_000,
    env: { ...process.env, NODE_ENV: "production" },
  });
}, 15 * 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("respawn on an npm ci --omit=dev install", () => {
  it("has no development tooling to lean on", () => {
    for (const dev of ["tsx", "typescript", "esbuild", "vitest"]) expect(existsSync(path.join(dir, "node_modules", dev)), dev).toBe(false);
  });

  it("runs the package's bin: help, a user made and listed, a config checked", async () => {
    const bin = path.join(dir, "bin", "respawn.mjs");
    expect((await stat(bin)).mode & 0o111, "bin/respawn.mjs is executable").not.toBe(0);
    const help = await run(bin, ["--help"], { cwd: dir });
    expect(help.stdout).toContain("respawn user add");
    const data = path.join(dir, "data");
    const add = await run(bin, ["user", "add", "--role", "admin", "--generate", "--data-dir", data, "root-admin"], { cwd: dir });
    expect(add.stdout).toMatch(/^created root-admin \(admin\)\npassword: /);
    expect((await run(bin, ["user", "list", "--data-dir", data])).stdout).toBe("root-admin\tadmin\tactive\tall hosts\n");
    const example = await run(bin, ["config", "check", path.join(dir, "respawn.example.yaml")]);
    expect(example.stdout).toMatch(/valid; hosts: /);
  });

  it("is found by npm exec as the package's own command", async () => {
    const r = await run("npm", ["exec", "--offline", "--", "respawn", "--version"], { cwd: dir, timeout: 60_000 });
    expect(r.stdout.trim()).toMatch(/^respawn \d+\.\d+\.\d+$/);
  });
});
