import { readdir, readFile, readlink } from "node:fs/promises";
import path from "node:path";
import { RespawnError } from "@/lib/util/errors";
import { findProgramSection, listEntries, listSections, splitLines } from "./config-file";

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

function globToRegExp(glob: string): RegExp {
  let re = "";
  for (const ch of glob) {
    if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else re += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** Expands `[include] files=` globs of the main config (wildcards in the file name only), sorted as Python's glob does per pattern. */
export async function includedFiles(mainPath: string, mainText: string): Promise<string[]> {
  const lines = splitLines(mainText);
  const include = listSections(lines).find((s) => s.name === "include");
  const files = include ? listEntries(lines, include).find((e) => e.key === "files") : undefined;
  if (!files) return [];
  const here = path.dirname(mainPath);
  const out: string[] = [];
  for (const pattern of files.value.split(/\s+/).filter(Boolean)) {
    const abs = path.resolve(here, pattern.replace(/%\(here\)s/g, here));
    const dir = path.dirname(abs);
    if (/[*?[]/.test(dir)) continue;
    const re = globToRegExp(path.basename(abs));
    const names = await readdir(/*turbopackIgnore: true*/ dir).catch(() => [] as string[]);
    out.push(...names.filter((n) => re.test(n)).sort().map((n) => path.join(dir, n)));
  }
  return out;
}

export interface ProgramLocation {
  /** The file holding the section, and its section name (`program:x`). */
  file: string;
  program: string;
  text: string;
  /** Every config file, main first. */
  files: string[];
}

/** Finds the file whose `[program:…]` section defines a process (its own name, else its group's). */
export async function locateProgram(mainPath: string, name: string, group: string): Promise<ProgramLocation | null> {
  const mainText = await readFile(/*turbopackIgnore: true*/ mainPath, "utf8").catch((e: NodeJS.ErrnoException) => {
    throw new RespawnError("NOT_FOUND", `supervisord's config file ${mainPath} cannot be read (${e.code ?? "error"})`);
  });
  const files = [mainPath, ...(await includedFiles(mainPath, mainText))];
  for (const program of name === group ? [name] : [name, group]) {
    for (const file of files) {
      const text = file === mainPath ? mainText : await readFile(/*turbopackIgnore: true*/ file, "utf8").catch(() => "");
      if (findProgramSection(splitLines(text), program)) return { file, program, text, files };
    }
  }
  return null;
}
