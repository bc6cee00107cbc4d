import { RespawnError } from "@/lib/util/errors";
import { programPath } from "@/lib/util/programs";

/**
 * Where journalctl runs: locally, or on a remote host through ssh. The journal reader only
 * builds argument arrays; the runner decides the program and explains a failed exit.
 */
export interface CommandRunner {
  /** The program and arguments that run `argv` (argv[0] is the command). */
  toSpawn(argv: string[]): { command: string; args: string[] };
  /** The error for a run that ended with `code` and printed `stderr`. */
  describeFailure(code: number | null, stderr: string): RespawnError;
}

/** Runs commands on this machine; nothing goes through a shell. */
export function createLocalRunner(hostId?: string): CommandRunner {
  return {
    toSpawn: (argv) => {
      if (argv[0] !== "journalctl") throw new RespawnError("FORBIDDEN", `not a program Respawn runs: ${argv[0] ?? ""}`, { hostId });
      return { command: programPath("journalctl", hostId), args: argv.slice(1) };
    },
    describeFailure: (code, stderr) => {
      const line = stderr.trim().split("\n").pop()?.slice(0, 300) ?? "";
      const how = code === null ? "could not run" : `exited with code ${code}`;
      return new RespawnError("FAULT", `journalctl ${how}${line ? `: ${line}` : ""}`, { hostId });
    },
  };
}
