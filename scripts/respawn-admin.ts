/**
 * Respawn's user administration on the server itself (no sign-in needed: access to this machine
 * and the data dir is the authority). Creates the first admin; resets a lost password.
 *
 *   npx tsx scripts/respawn-admin.ts add-user [--role viewer|operator|admin] [--hosts a,b] [--generate] NAME
 *   npx tsx scripts/respawn-admin.ts set-password [--generate] NAME
 *   npx tsx scripts/respawn-admin.ts disable NAME | enable NAME | list
 *
 * The password is read from stdin (one line), or with --generate made up and printed once.
 * The store is <dataDir>/respawn.db: --data-dir DIR, else the configuration's dataDir
 * ($RESPAWN_CONFIG), else $RESPAWN_DATA_DIR, else /var/lib/respawn.
 */
import { parseArgs } from "node:util";
import { generatePassword } from "@/lib/auth/password";
import { createUser, updateUserAsAdmin } from "@/lib/auth/users";
import { loadConfig } from "@/lib/config/load";
import { openStore, resolveStorePath } from "@/lib/store/open-store";
import { getUserCredentials, listUsers, ROLES, type Role } from "@/lib/store/users";

const USAGE = "usage: respawn-admin add-user [--role R] [--hosts a,b] [--generate] NAME | set-password [--generate] NAME | disable NAME | enable NAME | list";

async function readPassword(generate: boolean): Promise<{ password: string; generated: boolean }> {
  if (generate) return { password: generatePassword(), generated: true };
  if (process.stdin.isTTY) throw new Error("pipe the password on stdin, or pass --generate");
  let text = "";
  for await (const chunk of process.stdin) text += String(chunk);
  const password = text.split(/\r?\n/)[0] ?? "";
  if (!password) throw new Error("no password on stdin");
  return { password, generated: false };
}

function storePath(dataDir: string | undefined): string {
  if (dataDir) return resolveStorePath(dataDir);
  return resolveStorePath(loadConfig().config.dataDir);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      role: { type: "string", default: "viewer" },
      hosts: { type: "string" },
      generate: { type: "boolean", default: false },
      "data-dir": { type: "string" },
    },
  });
  const [command, name] = positionals;
  const store = openStore(storePath(values["data-dir"]));
  const actor = { name: "cli" };
  try {
    if (command === "list") {
      for (const u of listUsers(store.db)) {
        console.log([u.name, u.role, u.disabled ? "disabled" : "active", u.hosts ? u.hosts.join(",") : "all hosts"].join("\t"));
      }
      return;
    }
    if (!name) throw new Error(USAGE);
    if (command === "add-user") {
      if (!ROLES.includes(values.role as Role)) throw new Error(`--role must be one of ${ROLES.join(", ")}`);
      const hosts = values.hosts ? values.hosts.split(",").map((h) => h.trim()).filter(Boolean) : null;
      const { password, generated } = await readPassword(values.generate);
      const user = await createUser(store.db, { name, role: values.role as Role, password, hosts }, actor);
      console.log(`created ${user.name} (${user.role})`);
      if (generated) console.log(`password: ${password}`);
      return;
    }
    const found = getUserCredentials(store.db, name)?.user;
    if (!found) throw new Error(`no user ${name}`);
    if (command === "set-password") {
      const { password, generated } = await readPassword(values.generate);
      await updateUserAsAdmin(store.db, found.id, { password }, actor);
      console.log(`password of ${found.name} changed; their sessions ended`);
      if (generated) console.log(`password: ${password}`);
    } else if (command === "disable" || command === "enable") {
      await updateUserAsAdmin(store.db, found.id, { disabled: command === "disable" }, actor);
      console.log(`${found.name} ${command}d`);
    } else {
      throw new Error(USAGE);
    }
  } finally {
    store.close();
  }
}

main().catch((e: unknown) => {
  console.error(`respawn-admin: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
