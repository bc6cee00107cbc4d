/**
 * The processes a supervisord configuration defines, with every restart-policy value as
 * supervisord computes it (options.py process_groups_from_parser / processes_from_section) and
 * the file line each value comes from.
 */
import os from "node:os";
import { statSync } from "node:fs";
import path from "node:path";
import { getOption, type IniOption } from "./py-ini";
import type { Expansions } from "./py-format";
import { SupervisordConfigError, expand, type ParsedConfig } from "./config-read";
import * as t from "./py-values";

export type SupervisordKind = "program" | "eventlistener" | "fcgi-program";

/** Effective values of one process, as supervisord holds them after reading the files. */
export interface SupervisordValues {
  autostart: boolean;
  autorestart: t.AutoRestart;
  startsecs: number;
  startretries: number;
  exitcodes: number[];
  stopsignal: number;
  stopwaitsecs: number;
  stopasgroup: boolean;
  killasgroup: boolean;
  redirect_stderr: boolean;
  /** NONE, AUTO or a path (`syslog` becomes NONE with *_syslog true, as supervisord rewrites it). */
  stdout_logfile: string;
  stderr_logfile: string;
  stdout_syslog: boolean;
  stderr_syslog: boolean;
  stdout_logfile_maxbytes: number;
  stderr_logfile_maxbytes: number;
  stdout_logfile_backups: number;
  stderr_logfile_backups: number;
}

export interface ProcessDefinition {
  group: string;
  name: string;
  /** The section it comes from (`program:web`, `fcgi-program:php`, `eventlistener:x`). */
  section: string;
  kind: SupervisordKind;
  values: SupervisordValues;
  /** The option line each value was read from; absent = supervisord's default. */
  sources: Partial<Record<keyof SupervisordValues, IniOption>>;
  command: string;
}

interface Ctx {
  cfg: ParsedConfig;
  section: string;
  common: Expansions;
  sources: ProcessDefinition["sources"];
}

function wrap<T>(ctx: Ctx, opt: IniOption | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof t.ConfigValueError)) throw e;
    const head = ctx.cfg.store.headers.get(ctx.section)?.[0];
    throw new SupervisordConfigError(`${e.message} in section [${ctx.section}]`, opt?.file ?? head?.file ?? null, opt?.line ?? head?.line ?? null);
  }
}

/** parser.saneget: the option (or the default), expanded unless told not to. */
function get<D extends string | number | boolean | null>(ctx: Ctx, key: string, dflt: D, expandIt = true): { v: string | Exclude<D, string>; opt?: IniOption } {
  const opt = getOption(ctx.cfg.store, ctx.section, key);
  const raw = opt ? opt.value : dflt;
  if (typeof raw !== "string" || !expandIt) return { v: raw as string | Exclude<D, string>, opt };
  return { v: expand(raw, { ...ctx.cfg.environ, ...ctx.common }, `${ctx.section}.${key}`, opt ?? null), opt };
}

function field<T>(ctx: Ctx, key: keyof SupervisordValues | null, optKey: string, dflt: string | boolean | number, conv: (v: string) => T): T {
  const { v, opt } = get(ctx, optKey, dflt);
  if (key && opt) ctx.sources[key] = opt;
  return wrap(ctx, opt, () => conv(typeof v === "string" ? v : String(v === true ? "true" : v === false ? "false" : v)));
}

function existingDirpath(v: string): string {
  const nv = v.startsWith("~") ? v.replace(/^~(?=\/|$)/, os.homedir()) : v;
  const dir = path.dirname(nv);
  if (!nv.includes("/")) return nv;
  const isDir = (() => {
    try {
      return statSync(dir).isDirectory();
    } catch {
      return false;
    }
  })();
  if (!isDir) throw new t.ConfigValueError(`The directory named as part of the path ${v} does not exist`);
  return nv;
}

function logfiles(ctx: Ctx, values: Partial<SupervisordValues>): void {
  for (const k of ["stdout", "stderr"] as const) {
    const lfKey = `${k}_logfile` as const;
    const got = get(ctx, lfKey, null);
    if (got.opt) ctx.sources[lfKey] = got.opt;
    // supervisord expands a logfile name once more after reading it.
    const raw = typeof got.v === "string" ? expand(got.v, ctx.common, lfKey, got.opt ?? null) : null;
    let lf = wrap(ctx, got.opt, () => {
      const n = t.logfileName(raw);
      return n === "NONE" || n === "AUTO" || n === "SYSLOG" ? n : existingDirpath(n);
    });
    values[`${k}_logfile_backups`] = field(ctx, `${k}_logfile_backups`, `${k}_logfile_backups`, 10, t.integer);
    values[`${k}_logfile_maxbytes`] = field(ctx, `${k}_logfile_maxbytes`, `${k}_logfile_maxbytes`, "50MB", t.byteSize);
    let syslog = field(ctx, `${k}_syslog`, `${k}_syslog`, false, t.boolean);
    if (lf === "SYSLOG") [lf, syslog] = ["NONE", true];
    values[lfKey] = lf;
    values[`${k}_syslog`] = syslog;
  }
}

function beforeLoop(ctx: Ctx): { values: Partial<SupervisordValues>; numprocs: number; start: number; processName: string; envStr: string } {
  const values: Partial<SupervisordValues> = {};
  field(ctx, null, "priority", 999, t.integer);
  values.autostart = field(ctx, "autostart", "autostart", "true", t.boolean);
  values.autorestart = field(ctx, "autorestart", "autorestart", "unexpected", t.autoRestart);
  values.startsecs = field(ctx, "startsecs", "startsecs", 1, t.integer);
  values.startretries = field(ctx, "startretries", "startretries", 3, t.integer);
  values.stopsignal = field(ctx, "stopsignal", "stopsignal", "TERM", t.signalNumber);
  values.stopwaitsecs = field(ctx, "stopwaitsecs", "stopwaitsecs", 10, t.integer);
  values.stopasgroup = field(ctx, "stopasgroup", "stopasgroup", "false", t.boolean);
  values.killasgroup = field(ctx, "killasgroup", "killasgroup", values.stopasgroup, t.boolean);
  values.exitcodes = field(ctx, "exitcodes", "exitcodes", "0", t.exitcodes);
  values.redirect_stderr = field(ctx, "redirect_stderr", "redirect_stderr", "false", t.boolean);
  const numprocs = field(ctx, null, "numprocs", 1, t.integer);
  const start = field(ctx, null, "numprocs_start", 0, t.integer);
  const envStr = String(get(ctx, "environment", "", false).v);
  for (const k of ["stdout", "stderr"]) {
    field(ctx, null, `${k}_capture_maxbytes`, "0", t.byteSize);
    field(ctx, null, `${k}_events_enabled`, "false", t.boolean);
  }
  get(ctx, "serverurl", null);
  const pn = get(ctx, "process_name", "%(program_name)s", false);
  const processName = wrap(ctx, pn.opt, () => t.processOrGroupName(String(pn.v)));
  if (numprocs > 1 && !processName.includes("%(process_num)")) {
    wrap(ctx, pn.opt, () => {
      throw new t.ConfigValueError("%(process_num) must be present within process_name when numprocs > 1");
    });
  }
  if (values.stopasgroup && !values.killasgroup) {
    wrap(ctx, ctx.sources.killasgroup, () => {
      throw new t.ConfigValueError("Cannot set stopasgroup=true and killasgroup=false");
    });
  }
  return { values, numprocs, start, processName, envStr };
}

/** processes_from_section: one definition per process (numprocs of them). */
export function processesFromSection(cfg: ParsedConfig, section: string, group: string, kind: SupervisordKind): ProcessDefinition[] {
  const base: Ctx = { cfg, section, common: {}, sources: {} };
  const programName = wrap(base, undefined, () => t.processOrGroupName(section.slice(section.indexOf(":") + 1)));
  // One mutable mapping, as supervisord's: the loop below adds process_num and ENV_ names to it.
  const common: Expansions = { here: cfg.here, program_name: programName, host_node_name: cfg.hostname, group_name: group };
  const ctx: Ctx = { ...base, common };
  const first = beforeLoop(ctx);
  const out: ProcessDefinition[] = [];
  for (let num = first.start; num < first.start + first.numprocs; num++) {
    Object.assign(common, { process_num: num, numprocs: first.numprocs }, cfg.environ);
    const envOpt = getOption(cfg.store, section, "environment");
    const env = wrap(ctx, envOpt, () => t.dictOfKeyValuePairs(expand(first.envStr, common, "environment", envOpt ?? null)));
    for (const [k, v] of Object.entries(env)) common[`ENV_${k}`] = v;
    get(ctx, "directory", null);
    const values: Partial<SupervisordValues> = { ...first.values };
    const sources = { ...ctx.sources };
    const loopCtx: Ctx = { ...ctx, sources };
    logfiles(loopCtx, values);
    if (values.redirect_stderr) values.stderr_logfile = "NONE";
    const command = get(loopCtx, "command", null);
    if (command.v === null) {
      wrap(loopCtx, undefined, () => {
        throw new t.ConfigValueError(`program section ${section} does not specify a command`);
      });
    }
    const name = expand(first.processName, common, "process_name", getOption(cfg.store, section, "process_name") ?? null);
    out.push({ group, name, section, kind, values: values as SupervisordValues, sources, command: String(command.v) });
  }
  return out;
}
