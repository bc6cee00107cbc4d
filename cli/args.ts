import { parseArgs } from "node:util";
import { ROLES, type Role } from "@/lib/store/users";

/** What the command line asks for, checked before anything is opened or read. */
export type Command =
  | { kind: "help"; text: string }
  | { kind: "version" }
  | { kind: "user-add"; name: string; role: Role; hosts: string[] | null; generate: boolean; dataDir?: string }
  | { kind: "user-set-password"; name: string; generate: boolean; dataDir?: string }
  | { kind: "user-disable" | "user-enable"; name: string; dataDir?: string }
  | { kind: "user-list"; dataDir?: string }
  | { kind: "config-check"; file: string };

/** A wrong command line: printed with the usage, exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}

const DATA_DIR = "[--data-dir DIR]";
export const USAGES = {
  "user add": `respawn user add [--role viewer|operator|admin] [--hosts ID,ID] [--generate] ${DATA_DIR} NAME`,
  "user set-password": `respawn user set-password [--generate] ${DATA_DIR} NAME`,
  "user disable": `respawn user disable ${DATA_DIR} NAME`,
  "user enable": `respawn user enable ${DATA_DIR} NAME`,
  "user list": `respawn user list ${DATA_DIR}`,
  "config check": "respawn config check FILE",
} as const;
type Sub = keyof typeof USAGES;

const USER_SUBS = ["add", "set-password", "disable", "enable", "list"] as const;
const USER_OPTIONS = {
  "data-dir": { type: "string" },
  role: { type: "string" },
  hosts: { type: "string" },
  generate: { type: "boolean" },
} as const;
const ALLOWED: Record<(typeof USER_SUBS)[number], readonly (keyof typeof USER_OPTIONS)[]> = {
  add: ["data-dir", "role", "hosts", "generate"],
  "set-password": ["data-dir", "generate"],
  disable: ["data-dir"],
  enable: ["data-dir"],
  list: ["data-dir"],
};

const NOTES = [
  "",
  "The password is read from stdin (its first line), or with --generate made up and printed once.",
  "The store is DIR/respawn.db: --data-dir DIR, else the configuration's dataDir ($RESPAWN_CONFIG),",
  "else $RESPAWN_DATA_DIR, else /var/lib/respawn.",
  "Exit status: 0 done, 1 failed, 2 wrong command line, 78 configuration invalid.",
];

/** The help text of one group of commands ("" = all), listing their usage lines. */
export function helpText(prefix: "" | "user" | "config" | Sub): string {
  const lines = (Object.keys(USAGES) as Sub[]).filter((k) => !prefix || k === prefix || k.startsWith(`${prefix} `));
  const head = prefix === "config check" ? ["Checks a configuration file as the server would; prints every error (file:line: field: reason)."] : [];
  return ["usage:", ...lines.map((k) => `  ${USAGES[k]}`), ...head, ...(prefix.startsWith("config") ? [] : NOTES), ""].join("\n");
}

const wantsHelp = (argv: string[]) => argv.includes("--help") || argv.includes("-h");

/** Parses argv (without node and the script): a command, or a UsageError. Pure: no I/O. */
export function parseCommand(argv: string[]): Command {
  const [group, sub, ...rest] = argv;
  if (group === "--version" || group === "-V") return { kind: "version" };
  if (group === undefined || group === "--help" || group === "-h" || group === "help") return { kind: "help", text: helpText("") };
  if (group === "user") return parseUser(sub, rest);
  if (group === "config") return parseConfig(sub, rest);
  throw new UsageError(`unknown command '${group}'`, helpText(""));
}

function parseUser(sub: string | undefined, rest: string[]): Command {
  if (sub === undefined || sub === "--help" || sub === "-h") return { kind: "help", text: helpText("user") };
  if (!isUserSub(sub)) throw new UsageError(`unknown command 'user ${sub}'`, helpText("user"));
  const key = `user ${sub}` as Sub;
  if (wantsHelp(rest)) return { kind: "help", text: helpText(key) };
  const { values, positionals } = strictParse(key, rest, USER_OPTIONS);
  for (const option of Object.keys(values)) {
    if (!(ALLOWED[sub] as readonly string[]).includes(option)) throw new UsageError(`'user ${sub}' takes no --${option}`, USAGES[key]);
  }
  const dataDir = values["data-dir"];
  if (dataDir === "") throw new UsageError("--data-dir needs a folder", USAGES[key]);
  if (sub === "list") {
    if (positionals.length) throw new UsageError(`unexpected '${positionals[0]}'`, USAGES[key]);
    return { kind: "user-list", dataDir };
  }
  const name = onePositional(key, positionals, "NAME");
  const generate = values.generate === true;
  if (sub === "set-password") return { kind: "user-set-password", name, generate, dataDir };
  if (sub === "disable" || sub === "enable") return { kind: `user-${sub}`, name, dataDir };
  return { kind: "user-add", name, generate, dataDir, role: parseRole(values.role), hosts: parseHosts(values.hosts) };
}

function isUserSub(sub: string): sub is (typeof USER_SUBS)[number] {
  return (USER_SUBS as readonly string[]).includes(sub);
}

function parseConfig(sub: string | undefined, rest: string[]): Command {
  if (sub === undefined || sub === "--help" || sub === "-h") return { kind: "help", text: helpText("config") };
  if (sub !== "check") throw new UsageError(`unknown command 'config ${sub}'`, helpText("config"));
  if (wantsHelp(rest)) return { kind: "help", text: helpText("config check") };
  const { positionals } = strictParse("config check", rest, {});
  return { kind: "config-check", file: onePositional("config check", positionals, "FILE") };
}

type Options = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>["options"]>;

function strictParse<O extends Options>(key: Sub, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true } as const);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.split("\n")[0]! : String(e), USAGES[key]);
  }
}

function onePositional(key: Sub, positionals: string[], what: string): string {
  if (positionals.length === 0) throw new UsageError(`missing ${what}`, USAGES[key]);
  if (positionals.length > 1) throw new UsageError(`unexpected '${positionals[1]}'`, USAGES[key]);
  return positionals[0]!;
}

function parseRole(value: unknown): Role {
  if (value === undefined) return "viewer";
  if (!ROLES.includes(value as Role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`, USAGES["user add"]);
  return value as Role;
}

function parseHosts(value: unknown): string[] | null {
  if (value === undefined) return null;
  const hosts = String(value).split(",").map((h) => h.trim()).filter(Boolean);
  if (!hosts.length) throw new UsageError("--hosts needs at least one host id", USAGES["user add"]);
  return hosts;
}
