import type { SshTarget } from "@/lib/config/schema";
import { createLocalRunner, type CommandRunner } from "@/lib/connectors/journal/command";
import { RespawnError } from "@/lib/util/errors";
import { programPath } from "@/lib/util/programs";

const HOST_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.:_-]*$/;
const USER_PATTERN = /^[a-z_][a-z0-9_.-]*$/i;

/** Quotes one argument for a POSIX shell: ssh hands the remote side a single command string. */
export function quoteForShell(arg: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The argument array for `ssh` running `remote` on the target, the way `systemctl -H` does:
 * no shell on our side, host keys checked, no password prompt.
 */
export function buildSshArgs(target: SshTarget, remote: string[]): string[] {
  if (!HOST_PATTERN.test(target.host)) {
    throw new RespawnError("INVALID", `invalid ssh host "${target.host}"`);
  }
  if (target.user !== undefined && !USER_PATTERN.test(target.user)) {
    throw new RespawnError("INVALID", `invalid ssh user "${target.user}"`);
  }
  const args = ["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=10"];
  args.push("-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=3", "-o", "LogLevel=ERROR");
  if (target.knownHostsFile) args.push("-o", `UserKnownHostsFile=${target.knownHostsFile}`);
  if (target.keyFile) args.push("-o", "IdentitiesOnly=yes", "-i", target.keyFile);
  if (target.user) args.push("-l", target.user);
  args.push("-p", String(target.port ?? 22), "-T", "-x", "--", target.host);
  args.push(remote.map(quoteForShell).join(" "));
  return args;
}

const SSH_REASONS: { pattern: RegExp; code: "AUTH" | "UNREACHABLE"; reason: string }[] = [
  {
    pattern: /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed|host key for .* has changed/i,
    code: "AUTH",
    reason: "its SSH host key is not the one in the known-hosts file (Host key verification failed)",
  },
  { pattern: /Permission denied/i, code: "AUTH", reason: "the SSH key was refused (Permission denied)" },
  { pattern: /Load key|no such identity|not accessible/i, code: "AUTH", reason: "the SSH key file cannot be read" },
  { pattern: /Connection refused/i, code: "UNREACHABLE", reason: "the SSH port refused the connection" },
  { pattern: /timed out|No route to host/i, code: "UNREACHABLE", reason: "the SSH connection timed out" },
  { pattern: /Could not resolve hostname/i, code: "UNREACHABLE", reason: "the host name does not resolve" },
  {
    pattern: /systemd-stdio-bridge: (command )?not found|exec: systemd-stdio-bridge/i,
    code: "UNREACHABLE",
    reason: "systemd-stdio-bridge is not installed on the remote host",
  },
  { pattern: /Failed to connect to bus/i, code: "UNREACHABLE", reason: "the remote D-Bus does not answer" },
];

/** Turns how ssh ended (exit code and stderr) into one clear error naming the host. */
export function classifySshFailure(hostId: string, host: string, code: number | null, stderr: string): RespawnError {
  const lastLine = stderr.trim().split("\n").pop()?.trim().slice(0, 300) ?? "";
  const known = SSH_REASONS.find((r) => r.pattern.test(stderr));
  if (known) {
    return new RespawnError(known.code, `ssh to ${host}: ${known.reason}`, { hostId, detail: lastLine || undefined });
  }
  const how = code === null ? "could not run ssh" : `ssh exited with code ${code}`;
  return new RespawnError("UNREACHABLE", `ssh to ${host}: ${how}${lastLine ? `: ${lastLine}` : ""}`, { hostId });
}

/** Runs commands (journalctl) on the ssh target; ssh's own failures (exit 255) are explained. */
export function createSshRunner(hostId: string, target: SshTarget): CommandRunner {
  return {
    toSpawn: (argv) => ({ command: programPath("ssh", hostId), args: buildSshArgs(target, argv) }),
    describeFailure: (code, stderr) => {
      if (code === 255 || code === null) return classifySshFailure(hostId, target.host, code, stderr);
      return createLocalRunner(hostId).describeFailure(code, stderr);
    },
  };
}
