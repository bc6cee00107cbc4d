/**
 * The process groups supervisord builds from the sections (options.py process_groups_from_parser):
 * `[group:x] programs=` first (their programs leave their own groups), then `[program:x]`,
 * `[eventlistener:x]` and `[fcgi-program:x]`.
 */
import { getOption } from "./py-ini";
import { SupervisordConfigError, expand, parseSupervisordConfig, type ParsedConfig, type ReadContext } from "./config-read";
import { processesFromSection, type ProcessDefinition } from "./config-processes";
import { ConfigValueError, boolean, integer, listOfStrings, processOrGroupName } from "./py-values";

export interface SupervisordConfig extends ParsedConfig {
  processes: ProcessDefinition[];
}

function fail(cfg: ParsedConfig, section: string, message: string, key?: string): never {
  const opt = key ? getOption(cfg.store, section, key) : undefined;
  const head = cfg.store.headers.get(section)?.[0];
  throw new SupervisordConfigError(message, opt?.file ?? head?.file ?? null, opt?.line ?? head?.line ?? null);
}

function value(cfg: ParsedConfig, section: string, key: string, dflt: string | null, extra: Record<string, string> = {}): string | null {
  const opt = getOption(cfg.store, section, key);
  const raw = opt ? opt.value : dflt;
  return raw === null ? null : expand(raw, { ...cfg.environ, here: cfg.here, ...extra }, `${section}.${key}`, opt ?? null);
}

function checked<T>(cfg: ParsedConfig, section: string, key: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ConfigValueError) fail(cfg, section, `${e.message} in section [${section}]`, key);
    throw e;
  }
}

function groupSections(cfg: ParsedConfig, all: string[], exclude: Set<string>): ProcessDefinition[] {
  const out: ProcessDefinition[] = [];
  for (const section of all.filter((s) => s.startsWith("group:"))) {
    const group = checked(cfg, section, "programs", () => processOrGroupName(section.slice("group:".length)));
    const programs = listOfStrings(value(cfg, section, "programs", null));
    checked(cfg, section, "priority", () => integer(value(cfg, section, "priority", "999") ?? ""));
    for (const program of programs) {
      const p = `program:${program}`;
      const f = `fcgi-program:${program}`;
      if (!all.includes(p) && !all.includes(f)) fail(cfg, section, `[${section}] names unknown program or fcgi-program ${program}`, "programs");
      if (all.includes(p) && all.includes(f)) fail(cfg, section, `[${section}] name ${program} is ambiguous (exists as program and fcgi-program)`, "programs");
      const chosen = all.includes(p) ? p : f;
      exclude.add(chosen);
      out.push(...processesFromSection(cfg, chosen, group, "program"));
    }
  }
  return out;
}

function listenerSection(cfg: ParsedConfig, section: string): ProcessDefinition[] {
  const pool = section.slice(section.indexOf(":") + 1);
  checked(cfg, section, "priority", () => integer(value(cfg, section, "priority", "-1") ?? ""));
  const size = checked(cfg, section, "buffer_size", () => integer(value(cfg, section, "buffer_size", "10") ?? ""));
  if (size < 1) fail(cfg, section, `[${section}] section sets invalid buffer_size (${size})`, "buffer_size");
  if (listOfStrings(value(cfg, section, "events", "")).length === 0) fail(cfg, section, `[${section}] section requires an "events" line`);
  if (checked(cfg, section, "redirect_stderr", () => boolean(value(cfg, section, "redirect_stderr", "false") ?? ""))) {
    fail(cfg, section, `[${section}] section sets redirect_stderr=true but this is not allowed because it will interfere with the eventlistener protocol`, "redirect_stderr");
  }
  return processesFromSection(cfg, section, pool, "eventlistener");
}

function fcgiSection(cfg: ParsedConfig, section: string): ProcessDefinition[] {
  const name = checked(cfg, section, "socket", () => processOrGroupName(section.slice(section.indexOf(":") + 1)));
  checked(cfg, section, "priority", () => integer(value(cfg, section, "priority", "999") ?? ""));
  const socket = value(cfg, section, "socket", null, { program_name: name });
  if (!socket) fail(cfg, section, `[${section}] section requires a "socket" line`);
  if (!(socket.startsWith("unix:///") || /^tcp:\/\/[^\s:]+:\d+$/.test(socket))) fail(cfg, section, `Bad socket format ${socket} in [${section}] socket`, "socket");
  return processesFromSection(cfg, section, name, "fcgi-program");
}

/** Every process supervisord would run from these files, with its values and their sources. */
export function processDefinitions(cfg: ParsedConfig): ProcessDefinition[] {
  const all = [...cfg.store.sections.keys()];
  const exclude = new Set<string>();
  const out = groupSections(cfg, all, exclude);
  for (const s of all) if (s.startsWith("program:") && !exclude.has(s)) out.push(...processesFromSection(cfg, s, checked(cfg, s, "command", () => processOrGroupName(s.slice(8))), "program"));
  for (const s of all) if (s.startsWith("eventlistener:")) out.push(...listenerSection(cfg, s));
  for (const s of all) if (s.startsWith("fcgi-program:") && !exclude.has(s)) out.push(...fcgiSection(cfg, s));
  return out;
}

/** Reads a supervisord configuration to the processes it defines (throws what supervisord would refuse). */
export async function readSupervisordConfig(mainPath: string, ctx: ReadContext): Promise<SupervisordConfig> {
  const cfg = await parseSupervisordConfig(mainPath, ctx);
  return { ...cfg, processes: processDefinitions(cfg) };
}
