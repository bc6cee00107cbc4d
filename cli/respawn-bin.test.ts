// The committed bin/respawn.mjs, run as operators run it: a real process, a real store on disk.
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfigText } from "@/lib/config/load";

const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, "bin", "respawn.mjs");

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function respawn(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { NODE_ENV: "production", PATH: process.env.PATH ?? "/usr/bin:/bin", ...options.env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "respawn-cli-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("bin/respawn.mjs", { timeout: 60_000 }, () => {
  it("is the build of cli/*.ts as committed", async () => {
    const fresh = path.join(dir, "fresh.mjs");
    await promisify(execFile)(process.execPath, [path.join(ROOT, "scripts", "build-cli.mjs"), fresh], { cwd: ROOT });
    expect(await readFile(fresh, "utf8"), "run `npm run build:cli` and commit bin/respawn.mjs").toBe(await readFile(BIN, "utf8"));
  });

  it("answers --help with exit 0 everywhere", async () => {
    for (const args of [["--help"], ["user", "--help"], ["user", "add", "--help"], ["user", "set-password", "-h"], ["config", "check", "--help"]]) {
      const r = await respawn(args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.stdout).toContain("usage:");
    }
  });

  it("exits 2 on a usage error before touching the data folder", async () => {
    const data = path.join(dir, "untouched");
    for (const args of [["user", "add", "--data-dir", data], ["user", "add", "--bogus", "--data-dir", data, "a"], ["user", "list", "--data-dir", data, "x"], ["user", "frob", "--data-dir", data]]) {
      const r = await respawn(args, { stdin: "a long enough password\n" });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^respawn: .+\n[\s\S]*respawn user/);
    }
    expect(existsSync(data)).toBe(false);
  });

  it("adds, lists, disables, enables and resets the password of a user", async () => {
    const data = path.join(dir, "store");
    const add = await respawn(["user", "add", "--role", "admin", "--hosts", "web-1", "--data-dir", data, "alice"], { stdin: "correct horse battery\n" });
    expect(add).toMatchObject({ code: 0, stdout: "created alice (admin)\n" });
    const gen = await respawn(["user", "add", "--generate", "--data-dir", data, "bob"]);
    expect(gen.code).toBe(0);
    expect(gen.stdout).toMatch(/^created bob \(viewer\)\npassword: \S{12,}\n$/);
    expect((await respawn(["user", "disable", "--data-dir", data, "bob"])).stdout).toBe("bob disabled\n");
    expect((await respawn(["user", "list", "--data-dir", data])).stdout).toBe("alice\tadmin\tactive\tweb-1\nbob\tviewer\tdisabled\tall hosts\n");
    expect((await respawn(["user", "enable", "--data-dir", data, "bob"])).stdout).toBe("bob enabled\n");
    const reset = await respawn(["user", "set-password", "--data-dir", data, "bob"], { stdin: "another long passphrase\n" });
    expect(reset).toMatchObject({ code: 0, stdout: "password of bob changed; their sessions ended\n" });
    const missing = await respawn(["user", "disable", "--data-dir", data, "carol"]);
    expect(missing).toMatchObject({ code: 1, stderr: "respawn: no user carol\n" });
    const short = await respawn(["user", "add", "--data-dir", data, "dave"], { stdin: "short\n" });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/^respawn: .*12/);
  });

  it("takes the data folder from the configuration when --data-dir is not given", async () => {
    const data = path.join(dir, "from-config");
    const config = path.join(dir, "with-data-dir.yaml");
    await writeFile(config, `dataDir: ${data}\nhosts: []\n`);
    const r = await respawn(["user", "add", "--generate", "eve"], { env: { RESPAWN_CONFIG: config } });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(data, "respawn.db"))).toBe(true);
  });

  it("checks a configuration with the server's own messages, exit 78 when invalid", async () => {
    const good = path.join(dir, "good.yaml");
    await writeFile(good, "hosts:\n  - id: web-1\n    supervisord: { socket: /run/supervisor.sock }\n");
    expect(await respawn(["config", "check", good])).toMatchObject({ code: 0, stdout: `${good}: valid; hosts: web-1\n` });
    const bad = path.join(dir, "bad.yaml");
    const text = "hosts:\n  - id: web-1\n    supervisord: { socket: /run/supervisor.sock, timeoutMs: fast }\n";
    await writeFile(bad, text);
    const expected = (() => {
      try {
        parseConfigText(text, bad);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error("the bad config parsed");
    })();
    expect(expected).toMatch(/bad\.yaml:3: hosts\.0\.supervisord\.timeoutMs/);
    expect(await respawn(["config", "check", bad])).toMatchObject({ code: 78, stdout: "", stderr: `${expected}\n` });
    expect((await respawn(["config", "check", path.join(dir, "absent.yaml")])).code).toBe(78);
    const badInConfig = await respawn(["user", "list"], { env: { RESPAWN_CONFIG: bad } });
    expect(badInConfig).toMatchObject({ code: 78, stderr: `respawn: ${expected}\n` });
  });
});
