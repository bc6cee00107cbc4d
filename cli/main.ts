/**
 * The `respawn` command: user administration on the server itself (access to this machine and
 * the data folder is the authority) and configuration checks. Built into bin/respawn.mjs by
 * `npm run build:cli`, so it runs on a production install without TypeScript tooling.
 */
import { loadConfig } from "@/lib/config/load";
import { isRespawnError } from "@/lib/util/errors";
import { version } from "@/package.json";
import { parseCommand, UsageError, type Command } from "./args";
import { ConfigInvalid, runUserCommand, type Io } from "./user";

/** EX_USAGE-like 2 for a wrong command line (as most CLIs), EX_CONFIG 78 as the server uses. */
export const EXIT = { ok: 0, failed: 1, usage: 2, config: 78 } as const;

/** Runs one command line; returns the exit status. Nothing is opened before argv is valid. */
export async function main(argv: string[], io: Io & { err(line: string): void }): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`respawn: ${e.message}`);
    io.err(e.usage.trimEnd());
    return EXIT.usage;
  }
  try {
    return await run(command, io);
  } catch (e) {
    io.err(`respawn: ${e instanceof Error ? e.message : String(e)}`);
    return e instanceof ConfigInvalid ? EXIT.config : EXIT.failed;
  }
}

async function run(command: Command, io: Io & { err(line: string): void }): Promise<number> {
  switch (command.kind) {
    case "help":
      io.out(command.text.trimEnd());
      return EXIT.ok;
    case "version":
      io.out(`respawn ${version}`);
      return EXIT.ok;
    case "config-check":
      return checkConfig(command.file, io);
    default:
      await runUserCommand(command, io);
      return EXIT.ok;
  }
}

function checkConfig(file: string, io: Io & { err(line: string): void }): number {
  try {
    // The server's own loader, as the server calls it: the same checks and the same messages.
    const { config } = loadConfig({ ...io.env, RESPAWN_CONFIG: file });
    io.out(`${file}: valid; hosts: ${config.hosts.map((h) => h.id).join(", ") || "none"}`);
    return EXIT.ok;
  } catch (e) {
    if (!isRespawnError(e) || e.code !== "INVALID") throw e;
    for (const line of e.message.split("\n")) io.err(line);
    return EXIT.config;
  }
}
