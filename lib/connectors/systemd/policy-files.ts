import { spawn } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import type { SshTarget, SystemdEndpoint } from "@/lib/config/schema";
import { RespawnError } from "@/lib/util/errors";
import { childEnv, programPath } from "@/lib/util/programs";
import { readFileNoFollow, removeFileNoFollow, writeFileAtomic } from "@/lib/util/safe-file";
import { buildSshArgs, classifySshFailure } from "./ssh";
import { userBusAddress } from "./transport";

/** Where unit files are read and Respawn's drop-in is written: this machine, or the host over ssh. */
export interface UnitFiles {
  /** The manager's unit folder Respawn may write into, or why it cannot. */
  root(): Promise<{ dir: string | null; reason: string | null }>;
  /** A unit file or drop-in as systemd reads it (null when unreadable). */
  readSource(file: string): Promise<string | null>;
  /** Respawn's drop-in, refusing a symlink; null when there is none. */
  readOwned(file: string): Promise<string | null>;
  /** Replaces the drop-in atomically (null removes it); symlinks refused. */
  write(file: string, text: string | null): Promise<void>;
}

const NOT_OWN_BUS = "this user bus belongs to another user than the one Respawn runs as; copy the file text below instead";
const NOT_ROOT = "Respawn does not run as root, so it cannot write /etc/systemd/system; copy the file text below instead";

/** The uid a `unix:path=/run/user/<uid>/bus` address belongs to; null for the system bus. */
function busUid(address: string | undefined): number | null {
  const m = /^unix:path=\/run\/user\/(\d+)\/bus$/.exec(address ?? "");
  return m ? Number(m[1]) : null;
}

/** Files on this machine. */
export function createLocalUnitFiles(endpoint: SystemdEndpoint, uid = process.getuid?.() ?? -1): UnitFiles {
  return {
    async root() {
      if (endpoint.bus === "user") {
        const address = endpoint.busAddress ?? userBusAddress();
        if (busUid(address) !== uid && address !== userBusAddress(process.env, uid)) return { dir: null, reason: NOT_OWN_BUS };
        return { dir: path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), ".config"), "systemd", "user"), reason: null };
      }
      return uid === 0 ? { dir: "/etc/systemd/system", reason: null } : { dir: null, reason: NOT_ROOT };
    },
    readSource: (file) => readFile(/*turbopackIgnore: true*/ file, "utf8").catch(() => null),
    readOwned: (file) => readFileNoFollow(file),
    async write(file, text) {
      const dir = path.dirname(file);
      await mkdir(/*turbopackIgnore: true*/ path.dirname(dir), { recursive: true });
      await mkdir(/*turbopackIgnore: true*/ dir, { mode: 0o755 }).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== "EEXIST") throw e;
      });
      if (text === null) await removeFileNoFollow(file);
      else await writeFileAtomic(file, text);
    },
  };
}

// The remote side: fixed scripts, every value passed as a quoted argument, file text as base64.
const WHO = `printf '%s\\n%s' "$(id -u)" "\${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user"`;
const READ = `if [ -L "$1" ]; then exit 91; elif [ -f "$1" ]; then cat -- "$1"; else exit 3; fi`;
const WRITE = [
  "set -eu",
  'dir=$1; file=$dir/$2; mkdir -p -- "$(dirname -- "$dir")"',
  '[ -d "$dir" ] || mkdir -m 755 -- "$dir"',
  '[ "$(cd -P -- "$dir" && pwd -P)" = "$dir" ] || exit 91',
  '[ ! -L "$file" ] || exit 91',
  'if [ "$3" = "-" ]; then rm -f -- "$file"; exit 0; fi',
  'tmp=$(mktemp -- "$dir/.$2.XXXXXX"); trap \'rm -f -- "$tmp"\' EXIT',
  'printf %s "$3" | base64 -d > "$tmp" || exit 92',
  'chmod 644 -- "$tmp"; sync 2>/dev/null || true',
  'mv -f -- "$tmp" "$file"; trap - EXIT',
].join("\n");

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runSsh(target: SshTarget, script: string, args: string[], timeoutMs: number): Promise<Ran> {
  return new Promise((resolve) => {
    let command: string;
    try {
      command = programPath("ssh");
    } catch (e) {
      return resolve({ code: null, stdout: "", stderr: e instanceof Error ? e.message : String(e) });
    }
    const child = spawn(command, buildSshArgs(target, ["sh", "-c", script, "sh", ...args]), { stdio: ["ignore", "pipe", "pipe"], env: childEnv() });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (d: Buffer) => (stdout = (stdout + d.toString("utf8")).slice(0, 4 * 1024 * 1024)));
    child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString("utf8")).slice(-8192)));
    child.once("error", (e) => (clearTimeout(timer), resolve({ code: null, stdout, stderr: e.message })));
    child.once("close", (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
}

/** Files on a remote host, read and written over ssh. */
export function createSshUnitFiles(hostId: string, endpoint: SystemdEndpoint): UnitFiles {
  const target = endpoint.ssh;
  if (!target) throw new RespawnError("INVALID", "bus: ssh needs an ssh section", { hostId });
  const timeoutMs = Math.max(endpoint.timeoutMs, 15_000);
  const fail = (r: Ran, what: string) =>
    r.code === 255 || r.code === null
      ? classifySshFailure(hostId, target.host, r.code, r.stderr)
      : r.code === 91
        ? new RespawnError("FORBIDDEN", `${what}: a symlink is in the way; refused`, { hostId })
        : new RespawnError("UNAVAILABLE", `${what} failed on ${target.host} (exit ${r.code}): ${r.stderr.trim().slice(0, 200)}`, { hostId });
  return {
    async root() {
      const r = await runSsh(target, WHO, [], timeoutMs);
      if (r.code !== 0) throw fail(r, "reading the remote user");
      const [uid, dir] = r.stdout.split("\n");
      const wanted = busUid(endpoint.busAddress);
      if (wanted !== null) {
        return Number(uid) === wanted && dir?.startsWith("/") ? { dir, reason: null } : { dir: null, reason: `the ssh user is not the owner of ${endpoint.busAddress}; copy the file text below instead` };
      }
      return uid === "0" ? { dir: "/etc/systemd/system", reason: null } : { dir: null, reason: "the ssh user is not root, so it cannot write /etc/systemd/system; copy the file text below instead" };
    },
    async readSource(file) {
      const r = await runSsh(target, READ, [file], timeoutMs);
      return r.code === 0 ? r.stdout : null;
    },
    async readOwned(file) {
      const r = await runSsh(target, READ, [file], timeoutMs);
      if (r.code === 0) return r.stdout;
      if (r.code === 3) return null;
      throw fail(r, `reading ${file}`);
    },
    async write(file, text) {
      const b64 = text === null ? "-" : Buffer.from(text, "utf8").toString("base64");
      const r = await runSsh(target, WRITE, [path.dirname(file), path.basename(file), b64], timeoutMs);
      if (r.code !== 0) throw fail(r, `writing ${file}`);
    },
  };
}
