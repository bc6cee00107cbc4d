import { generatePassword } from "@/lib/auth/password";
import { createUser, updateUserAsAdmin } from "@/lib/auth/users";
import { loadConfig } from "@/lib/config/load";
import { openStore, resolveStorePath, type Store } from "@/lib/store/open-store";
import { getUserCredentials, listUsers } from "@/lib/store/users";
import { RespawnError } from "@/lib/util/errors";
import type { Command } from "./args";

type UserCommand = Extract<Command, { kind: `user-${string}` }>;

/** Where this machine's process streams are, passed in so tests can run commands in-process. */
export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  out(line: string): void;
  env: NodeJS.ProcessEnv;
}

const ACTOR = { name: "cli" };

/** Runs one user command: reads the password first, then opens the store, changes it, closes it. */
export async function runUserCommand(command: UserCommand, io: Io): Promise<void> {
  const secret = "generate" in command ? await readPassword(command.generate, io) : null;
  const store = openStore(storePath(command.dataDir, io.env));
  try {
    await apply(command, store, secret, io);
  } finally {
    store.close();
  }
}

async function apply(command: UserCommand, store: Store, secret: Secret | null, io: Io): Promise<void> {
  if (command.kind === "user-list") {
    for (const u of listUsers(store.db)) {
      io.out([u.name, u.role, u.disabled ? "disabled" : "active", u.hosts ? u.hosts.join(",") : "all hosts"].join("\t"));
    }
    return;
  }
  if (command.kind === "user-add") {
    const user = await createUser(store.db, { name: command.name, role: command.role, password: secret!.password, hosts: command.hosts }, ACTOR);
    io.out(`created ${user.name} (${user.role})`);
    if (secret!.generated) io.out(`password: ${secret!.password}`);
    return;
  }
  const found = getUserCredentials(store.db, command.name)?.user;
  if (!found) throw new RespawnError("NOT_FOUND", `no user ${command.name}`);
  if (command.kind === "user-set-password") {
    await updateUserAsAdmin(store.db, found.id, { password: secret!.password }, ACTOR);
    io.out(`password of ${found.name} changed; their sessions ended`);
    if (secret!.generated) io.out(`password: ${secret!.password}`);
    return;
  }
  await updateUserAsAdmin(store.db, found.id, { disabled: command.kind === "user-disable" }, ACTOR);
  io.out(`${found.name} ${command.kind === "user-disable" ? "disabled" : "enabled"}`);
}

interface Secret {
  password: string;
  generated: boolean;
}

async function readPassword(generate: boolean, io: Io): Promise<Secret> {
  if (generate) return { password: generatePassword(), generated: true };
  if (io.stdin.isTTY) throw new RespawnError("INVALID", "pipe the password on stdin, or pass --generate");
  let text = "";
  for await (const chunk of io.stdin) text += String(chunk);
  const password = text.split(/\r?\n/)[0] ?? "";
  if (!password) throw new RespawnError("INVALID", "no password on stdin");
  return { password, generated: false };
}

/** The configuration read to find the data folder is invalid (exit 78, as the server). */
export class ConfigInvalid extends Error {}

/** --data-dir, else the configuration's dataDir, else $RESPAWN_DATA_DIR, else /var/lib/respawn. */
function storePath(dataDir: string | undefined, env: NodeJS.ProcessEnv): string {
  if (dataDir) return resolveStorePath(dataDir, env);
  try {
    return resolveStorePath(loadConfig(env).config.dataDir, env);
  } catch (e) {
    if (e instanceof RespawnError && e.code === "INVALID") throw new ConfigInvalid(e.message);
    throw e;
  }
}
