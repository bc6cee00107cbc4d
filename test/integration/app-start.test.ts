/** The dashboard's own start-up: a bad configuration is refused with file, line and field. */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, serverCommand } from "../harness/app";
import { findFreePort } from "../harness/supervisord";

let dir: string;
beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(path.join(tmpdir(), "respawn-start-"));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

function runNext(configPath: string): Promise<{ code: number | null; output: string }> {
  return findFreePort().then(
    (port) =>
      new Promise((resolve) => {
        const server = serverCommand(port);
        const child = spawn(server.command, server.args, {
          env: { ...process.env, ...server.env, RESPAWN_CONFIG: configPath },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (d: Buffer) => (output += d.toString()));
        child.stderr.on("data", (d: Buffer) => (output += d.toString()));
        const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
        child.on("exit", (code) => {
          clearTimeout(timer);
          resolve({ code, output });
        });
      }),
  );
}

describe("starting the dashboard", () => {
  it("refuses a configuration with a bad field, naming the file, the line and the field, and exits 78", async () => {
    const file = path.join(dir, "bad.yaml");
    await writeFile(file, ["hosts:", "  - id: web-1", "    supervisord:", "      socket: relative/path.sock", ""].join("\n"));
    const { code, output } = await runNext(file);
    expect(code).toBe(78);
    expect(output).toContain(`${file}:4: hosts.0.supervisord.socket: must be an absolute path`);
  });

  it("refuses a configuration file that does not exist when one is named", async () => {
    const file = path.join(dir, "missing.yaml");
    const { code, output } = await runNext(file);
    expect(code).toBe(78);
    expect(output).toContain(`${file}: configuration file not found`);
  });
});
