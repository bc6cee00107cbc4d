import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLocalRunner } from "@/lib/connectors/journal/command";
import { spawnJournal } from "@/lib/connectors/journal/run";
import { resolveProgramsOnStart } from "@/lib/fleet/programs-on-start";
import { RespawnError } from "@/lib/util/errors";
import { defaultConfig } from "@/lib/config/load";
import { programPath, resolveProgram, resolvePrograms, TRUSTED_PATH } from "./programs";

const slot = globalThis as typeof globalThis & { __respawnPrograms?: unknown };
const dirs: string[] = [];
const savedPath = process.env.PATH;

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), "respawn-programs-"));
  chmodSync(d, 0o755);
  dirs.push(d);
  return d;
}

/** A shell script at `file` that leaves a marker file beside itself when it runs. */
function plant(file: string): string {
  const marker = `${file}.ran`;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `#!/bin/sh\ntouch '${marker}'\necho '{"MESSAGE":"planted"}'\n`, { mode: 0o755 });
  return marker;
}

afterEach(() => {
  process.env.PATH = savedPath;
  delete slot.__respawnPrograms;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("external programs", () => {
  it("never runs a journalctl planted in a parent folder's node_modules/.bin, as npx puts first in PATH", async () => {
    const app = path.join(tempDir(), "srv", "respawn");
    mkdirSync(app, { recursive: true });
    const marker = plant(path.join(path.dirname(path.dirname(app)), "node_modules", ".bin", "journalctl"));
    process.env.PATH = `${path.join(app, "node_modules", ".bin")}:${path.join(path.dirname(path.dirname(app)), "node_modules", ".bin")}:${savedPath}`;
    delete slot.__respawnPrograms;
    const lines: string[] = [];
    const proc = spawnJournal(createLocalRunner("h"), ["journalctl", "--no-pager", "-n", "1", "-o", "json"], (e) => lines.push(e.line.text));
    await proc.done;
    expect(existsSync(marker)).toBe(false);
    expect(proc.child.spawnfile).toBe(resolveProgram("journalctl").path);
    expect(lines).not.toContain("planted");
  });

  it("looks only in the fixed trusted folders and answers an absolute path owned by root", () => {
    const r = resolveProgram("journalctl");
    expect(r.path).toMatch(/^\/(usr\/)?(local\/)?s?bin\/journalctl$/);
    expect(TRUSTED_PATH).toBe("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    process.env.PATH = "/nonexistent";
    delete slot.__respawnPrograms;
    expect(resolvePrograms().get("ssh")?.path).toBe(resolveProgram("ssh").path);
  });

  it("refuses a program that is not owned by root", () => {
    const dir = tempDir();
    plant(path.join(dir, "journalctl"));
    chownSync(path.join(dir, "journalctl"), 65534, 65534);
    const r = resolveProgram("journalctl", { searchPath: dir });
    expect(r.path).toBeNull();
    expect(r.reason).toMatch(/not owned by root \(uid 65534\)/);
  });

  it("refuses a program others than root may rewrite, or one in a folder they may change", () => {
    const dir = tempDir();
    plant(path.join(dir, "ssh"));
    chmodSync(path.join(dir, "ssh"), 0o777);
    expect(resolveProgram("ssh", { searchPath: dir }).reason).toMatch(/writable by others than root/);
    chmodSync(path.join(dir, "ssh"), 0o755);
    chmodSync(dir, 0o777);
    expect(resolveProgram("ssh", { searchPath: dir }).reason).toMatch(/may be changed by others than root/);
  });

  it("turns a feature off with the reason when its program is missing, and says so at start", () => {
    const dir = tempDir();
    slot.__respawnPrograms = new Map([
      ["journalctl", resolveProgram("journalctl", { searchPath: dir })],
      ["ssh", resolveProgram("ssh", { searchPath: dir })],
    ]);
    expect(() => programPath("journalctl", "h")).toThrow(RespawnError);
    expect(() => programPath("journalctl", "h")).toThrow(/systemd logs .* turned off: journalctl not found in/);
    const config = defaultConfig();
    config.hosts = [
      { id: "local", systemd: { bus: "user", timeoutMs: 5_000 } },
      { id: "remote", systemd: { bus: "ssh", timeoutMs: 5_000, ssh: { host: "db", port: 22 } } },
    ] as typeof config.hosts;
    const logged: string[] = [];
    resolveProgramsOnStart(config, (l) => logged.push(l));
    expect(logged).toHaveLength(2);
    expect(logged.join("\n")).toMatch(/ssh not found/);
  });
});
