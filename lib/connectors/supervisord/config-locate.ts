import { readFile, readlink } from "node:fs/promises";
import path from "node:path";

/** Where supervisord looks when it is started without `-c` (supervisor/options.py). */
const DEFAULT_PATHS = ["/etc/supervisord.conf", "/etc/supervisor/supervisord.conf"];

export const REMOTE_READ_ONLY =
  "editing policies on remote hosts is not available yet; copy the section text below into the host's supervisord configuration";

/** The config path from supervisord's command line (`-c FILE`, `--configuration=FILE`), or null. */
export function configFromCmdline(argv: string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if ((a === "-c" || a === "--configuration") && argv[i + 1]) return argv[i + 1] ?? null;
    if (a.startsWith("--configuration=")) return a.slice("--configuration=".length);
    if (a.startsWith("-c") && a.length > 2) return a.slice(2);
  }
  return null;
}

/** Reads a local supervisord's main config path from /proc/<pid>. */
export async function configOfPid(pid: number): Promise<string | null> {
  const argv = (await readFile(/*turbopackIgnore: true*/ `/proc/${pid}/cmdline`, "utf8").catch(() => "")).split("\0").filter(Boolean);
  if (argv.length === 0) return null;
  const given = configFromCmdline(argv);
  if (given) return path.isAbsolute(given) ? given : path.resolve(await readlink(/*turbopackIgnore: true*/ `/proc/${pid}/cwd`), given);
  for (const p of DEFAULT_PATHS) if ((await readFile(/*turbopackIgnore: true*/ p, "utf8").catch(() => null)) !== null) return p;
  return null;
}
