/**
 * A real sshd on 127.0.0.1 for tests: host key, client keys, authorized_keys and known_hosts
 * generated in a temp folder, run in the foreground so the test owns it.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface SshdInstance {
  dir: string;
  port: number;
  user: string;
  /** Private key that sshd accepts. */
  keyFile: string;
  /** A private key sshd does not know. */
  wrongKeyFile: string;
  /** known_hosts holding the server's real host key. */
  knownHostsFile: string;
  /** known_hosts holding some other host key for the same address. */
  wrongKnownHostsFile: string;
  /** Kills every ssh session's sshd child, leaving the listener up (drops live connections). */
  dropSessions(): Promise<void>;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once("exit", () => live.forEach((c) => c.kill("SIGKILL")));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function keygen(file: string): Promise<string> {
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "respawn-test", "-f", file]);
  return (await readFile(`${file}.pub`, "utf8")).trim();
}

function sshdConfig(dir: string): string {
  return [
    `HostKey ${path.join(dir, "host_key")}`,
    `PidFile ${path.join(dir, "sshd.pid")}`,
    `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
    "PubkeyAuthentication yes",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PermitRootLogin prohibit-password",
    "UsePAM no",
    // The temp folder lives under world-writable /tmp; sshd's ownership checks would refuse it.
    "StrictModes no",
    "LogLevel ERROR",
    "",
  ].join("\n");
}

async function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

/** Starts sshd on 127.0.0.1:<free port> that accepts `keyFile` for the current user (root). */
export async function startSshd(): Promise<SshdInstance> {
  const dir = await mkdtemp(path.join(tmpdir(), "respawn-sshd-"));
  await mkdir("/run/sshd", { recursive: true, mode: 0o755 });
  const hostPub = await keygen(path.join(dir, "host_key"));
  const otherHostPub = await keygen(path.join(dir, "other_host_key"));
  const clientPub = await keygen(path.join(dir, "client_key"));
  await keygen(path.join(dir, "wrong_key"));
  await writeFile(path.join(dir, "authorized_keys"), `${clientPub}\n`, { mode: 0o600 });
  const port = await freePort();
  const hostEntry = (pub: string) => `[127.0.0.1]:${port} ${pub.split(" ").slice(0, 2).join(" ")}\n`;
  await writeFile(path.join(dir, "known_hosts"), hostEntry(hostPub));
  await writeFile(path.join(dir, "wrong_known_hosts"), hostEntry(otherHostPub));
  const confPath = path.join(dir, "sshd_config");
  await writeFile(confPath, sshdConfig(dir));
  const args = ["-D", "-e", "-f", confPath, "-p", String(port), "-o", "ListenAddress=127.0.0.1"];
  const child = spawn("/usr/sbin/sshd", args, { stdio: ["ignore", "ignore", "pipe"] });
  live.add(child);
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  for (let i = 0; i < 100 && !(await portAnswers(port)); i++) {
    if (child.exitCode !== null) throw new Error(`sshd exited: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const user = (await run("id", ["-un"])).stdout.trim();
  return {
    dir,
    port,
    user,
    keyFile: path.join(dir, "client_key"),
    wrongKeyFile: path.join(dir, "wrong_key"),
    knownHostsFile: path.join(dir, "known_hosts"),
    wrongKnownHostsFile: path.join(dir, "wrong_known_hosts"),
    async dropSessions() {
      // The listener is the parent; each session runs in a child sshd of it.
      const { stdout } = await run("ps", ["-o", "pid=", "--ppid", String(child.pid)]).catch(() => ({ stdout: "" }));
      for (const pid of stdout.split(/\s+/).filter(Boolean)) {
        try {
          process.kill(Number(pid), "SIGKILL");
        } catch {
          // already gone
        }
      }
    },
    async stop() {
      live.delete(child);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
