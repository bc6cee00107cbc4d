/**
 * Reads a supervisord configuration the way supervisord 4.2.5 does (options.py read_config):
 * the main file, then `[include] files=` (expanded, split on whitespace, each pattern joined to
 * the main file's folder, globbed and sorted), `%(here)s` replaced per file, and the
 * `[supervisord] environment=` names added to the `%(ENV_X)s` expansions.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pyGlob, pyJoin } from "./py-glob";
import { emptyStore, getOption, optionKeys, readIniText, type IniError, type IniStore } from "./py-ini";
import { FormatError, pyPercent, type Expansions } from "./py-format";
import { pyCompare, pySplit } from "./py-text";
import { statSync } from "node:fs";
import { ConfigValueError, boolean, byteSize, dictOfKeyValuePairs, integer } from "./py-values";

/** A configuration supervisord would refuse, with where and why. */
export class SupervisordConfigError extends Error {
  constructor(
    message: string,
    readonly file: string | null,
    readonly line: number | null,
  ) {
    super(file ? `${file}${line ? `:${line}` : ""}: ${message}` : message);
  }
}

export interface ReadContext {
  /** supervisord's own environment (its %(ENV_X)s names). */
  env: Record<string, string>;
  /** platform.node() of the supervisord host (%(host_node_name)s). */
  hostname: string;
  /** Texts to read instead of what is on disk (to check an edit before it is written). */
  overrides?: Map<string, string>;
}

export interface ParsedConfig {
  store: IniStore;
  /** Folder of the main file: supervisord's %(here)s for every section. */
  here: string;
  /** %(ENV_X)s names: the environment, then [supervisord] environment=. */
  environ: Expansions;
  hostname: string;
  /** Every file read, main first, in reading order. */
  files: string[];
}

const decoder = new TextDecoder("utf-8", { fatal: true });

async function readText(file: string, ctx: ReadContext): Promise<string | null> {
  const given = ctx.overrides?.get(file);
  if (given !== undefined) return given;
  const bytes = await readFile(/*turbopackIgnore: true*/ file).catch(() => null);
  if (bytes === null) return null;
  try {
    return decoder.decode(bytes);
  } catch {
    throw new SupervisordConfigError("is not valid UTF-8, which supervisord cannot read", file, null);
  }
}

function readInto(store: IniStore, file: string, text: string): void {
  let errors: IniError[];
  try {
    errors = readIniText(store, file, text);
  } catch (e) {
    const where = e as { file?: string; line?: number };
    throw new SupervisordConfigError("the file does not start with a [section] header", where.file ?? file, where.line ?? null);
  }
  const first = errors[0];
  if (first) throw new SupervisordConfigError(first.message, first.file, first.line);
}

/** parser.expand_here: every value holding `%(here)s` gets `here` put in, in every section. */
function expandHere(store: IniStore, here: string): void {
  for (const [name, section] of store.sections) {
    for (const key of optionKeys(store, name)) {
      const opt = getOption(store, name, key);
      if (opt && opt.value.includes("%(here)s")) section.set(key, { ...opt, value: opt.value.split("%(here)s").join(here) });
    }
  }
}

/** Expands like supervisord's expand(); a bad one is the error supervisord reports. */
export function expand(s: string, expansions: Expansions, name: string, where: { file: string; line: number } | null): string {
  try {
    return pyPercent(s, expansions);
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    throw new SupervisordConfigError(`format string ${JSON.stringify(s)} for ${name} cannot be expanded: ${e.message}`, where?.file ?? null, where?.line ?? null);
  }
}

async function readIncludes(store: IniStore, mainPath: string, here: string, ctx: ReadContext, environ: Expansions, files: string[]): Promise<void> {
  expandHere(store, here);
  const opt = getOption(store, "include", "files");
  const header = store.headers.get("include")?.[0] ?? null;
  if (!opt) throw new SupervisordConfigError(".ini file has [include] section, but no files setting", header?.file ?? mainPath, header?.line ?? null);
  const value = expand(opt.value, { here, host_node_name: ctx.hostname, ...environ }, "include.files", opt);
  const base = path.dirname(path.resolve(mainPath));
  for (const pattern of pySplit(value)) {
    for (const file of (await pyGlob(pyJoin(base, pattern))).sort(pyCompare)) {
      const text = await readText(file, ctx);
      // configparser skips a file it cannot open (a folder, no permission).
      if (text === null) continue;
      readInto(store, file, text);
      files.push(file);
      expandHere(store, path.dirname(path.resolve(file)));
    }
  }
}

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};
const dirOf = (p: string): string => (p.includes("/") ? path.dirname(p) : ".");
const LEVELS = ["critical", "error", "warn", "info", "debug", "trace", "blather"];
const MAIN_CHECKS: Record<string, (v: string) => unknown> = {
  minfds: integer,
  minprocs: integer,
  directory: (v) => isDir(v) || fail(`${v} is not an existing directory`),
  umask: (v) => /^[0-7]+$/.test(v) || fail(`${v} can not be converted to an octal type`),
  logfile: (v) => isDir(dirOf(v)) || fail(`The directory named as part of the path ${v} does not exist`),
  logfile_maxbytes: byteSize,
  logfile_backups: integer,
  loglevel: (v) => LEVELS.includes(v.toLowerCase()) || fail(`bad logging level name ${v}`),
  pidfile: (v) => isDir(dirOf(v)) || fail(`The directory named as part of the path ${v} does not exist`),
  nodaemon: boolean,
  silent: boolean,
  childlogdir: (v) => isDir(v) || fail(`${v} is not an existing directory`),
  nocleanup: boolean,
  strip_ansi: boolean,
  identifier: String,
  user: String,
};
function fail(message: string): never {
  throw new ConfigValueError(message);
}

/** The [supervisord] values supervisord checks before it reads any program: a bad one refuses the file. */
function checkMainSection(store: IniStore, here: string, environ: Expansions): void {
  for (const [key, check] of Object.entries(MAIN_CHECKS)) {
    const opt = getOption(store, "supervisord", key);
    if (!opt) continue;
    const v = expand(opt.value, { ...environ, here }, `supervisord.${key}`, opt);
    try {
      check(v);
    } catch (e) {
      if (e instanceof ConfigValueError) throw new SupervisordConfigError(e.message, opt.file, opt.line);
      throw e;
    }
  }
}

/** Reads every file of a supervisord configuration, as supervisord would at start or reread. */
export async function parseSupervisordConfig(mainPath: string, ctx: ReadContext): Promise<ParsedConfig> {
  const text = await readText(mainPath, ctx);
  if (text === null) throw new SupervisordConfigError("could not read config file", mainPath, null);
  const store = emptyStore();
  readInto(store, mainPath, text);
  const here = path.dirname(path.resolve(mainPath));
  const environ: Expansions = Object.fromEntries(Object.entries(ctx.env).map(([k, v]) => [`ENV_${k}`, v]));
  const files = [mainPath];
  if (store.sections.has("include")) await readIncludes(store, mainPath, here, ctx, environ, files);
  if (!store.sections.has("supervisord")) throw new SupervisordConfigError(".ini file does not include supervisord section", mainPath, null);
  checkMainSection(store, here, environ);
  const envOpt = getOption(store, "supervisord", "environment");
  if (envOpt) {
    // supervisord expands this value twice: once when it is read, once more before it is split.
    const once = expand(envOpt.value, { ...environ, here }, "supervisord.environment", envOpt);
    const twice = expand(once, { here, host_node_name: ctx.hostname, ...environ }, "environment", envOpt);
    try {
      for (const [k, v] of Object.entries(dictOfKeyValuePairs(twice))) environ[`ENV_${k}`] = v;
    } catch (e) {
      if (e instanceof ConfigValueError) throw new SupervisordConfigError(e.message, envOpt.file, envOpt.line);
      throw e;
    }
  }
  return { store, here, environ, hostname: ctx.hostname, files };
}
