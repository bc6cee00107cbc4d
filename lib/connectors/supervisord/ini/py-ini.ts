/**
 * An ini reader that mirrors Python 3.11's configparser.RawConfigParser as supervisord builds it
 * (inline comments `;`/`#` after whitespace, strict off, option names lower-cased, blank lines
 * kept inside values, continuation by deeper indentation, a [DEFAULT] section), with the file and
 * line of every option, so "set by" is exact.
 */
import { WS_CLASS, isPySpace, pyRstrip, pyStrip, splitPhysLines, type PhysLine } from "./py-text";

export interface IniOption {
  key: string;
  value: string;
  file: string;
  /** 1-based line of `key = value`. */
  line: number;
  /** 1-based lines that carried a continuation part of the value. */
  continuation: number[];
}

export interface IniError {
  file: string;
  line: number;
  message: string;
}

export interface IniFileText {
  path: string;
  lines: PhysLine[];
}

/** Everything read so far, across files, in configparser's order. */
export interface IniStore {
  sections: Map<string, Map<string, IniOption>>;
  defaults: Map<string, IniOption>;
  /** Every place a section header appears (a section may be repeated or split across files). */
  headers: Map<string, { file: string; line: number }[]>;
  /** Every option line per section, overwritten ones included, in reading order. */
  assignments: Map<string, IniOption[]>;
  files: IniFileText[];
}

export function emptyStore(): IniStore {
  return { sections: new Map(), defaults: new Map(), headers: new Map(), assignments: new Map(), files: [] };
}

const OPTION = new RegExp(`^([^\\n]*?)${WS_CLASS}*(=|:)${WS_CLASS}*([^\\n]*)$`);
const SECTION = /^\[([^\n]+)\]/;
const INLINE = [";", "#"];

/** Where an inline comment starts, found the way configparser's loop finds it (not always the first one). */
export function commentStart(line: string): number | null {
  let start = Infinity;
  let prefixes = new Map(INLINE.map((p) => [p, -1]));
  while (start === Infinity && prefixes.size > 0) {
    const next = new Map<string, number>();
    for (const [p, from] of prefixes) {
      const i = line.indexOf(p, from + 1);
      if (i === -1) continue;
      next.set(p, i);
      if (i === 0 || (i > 0 && isPySpace(line[i - 1]))) start = Math.min(start, i);
    }
    prefixes = next;
  }
  const stripped = pyStrip(line);
  if (stripped.startsWith("#") || stripped.startsWith(";")) start = 0;
  return start === Infinity ? null : start;
}

function firstNonSpace(line: string): number {
  for (let i = 0; i < line.length; i++) if (!isPySpace(line[i])) return i;
  return 0;
}

interface Pending {
  opt: IniOption;
  parts: string[];
}

/**
 * Reads one file's text into the store, as RawConfigParser._read does. A missing section header
 * throws at once; other bad lines are collected and returned (supervisord then refuses the file).
 */
export function readIniText(store: IniStore, path: string, text: string): IniError[] {
  const lines = splitPhysLines(text);
  store.files.push({ path, lines });
  const errors: IniError[] = [];
  let cursect: Map<string, IniOption> | null = null;
  let optname: string | null = null;
  let sectname = "";
  let indent = 0;
  const pending = new Map<IniOption, Pending>();
  lines.forEach((phys, idx) => {
    const lineno = idx + 1;
    const line = phys.text + (phys.eol ? "\n" : "");
    const cs = commentStart(line);
    const value = pyStrip(cs === null ? line : line.slice(0, cs));
    const current = cursect && optname !== null ? cursect.get(optname) : undefined;
    if (!value) {
      if (cs === null && current && pending.has(current)) pending.get(current)?.parts.push("");
      return;
    }
    const level = firstNonSpace(line);
    if (current && level > indent) {
      pending.get(current)?.parts.push(value);
      current.continuation.push(lineno);
      return;
    }
    indent = level;
    const header = SECTION.exec(value);
    if (header) {
      const name = header[1] ?? "";
      cursect = store.sections.get(name) ?? (name === "DEFAULT" ? store.defaults : new Map());
      if (name !== "DEFAULT") store.sections.set(name, cursect);
      sectname = name;
      store.headers.set(name, [...(store.headers.get(name) ?? []), { file: path, line: lineno }]);
      optname = null;
      return;
    }
    if (!cursect) throw Object.assign(new Error(`File contains no section headers: ${path}, line ${lineno}`), { file: path, line: lineno });
    const m = OPTION.exec(value);
    if (!m || !(m[1] ?? "")) {
      errors.push({ file: path, line: lineno, message: `not a section, a key = value line or a continuation: ${JSON.stringify(phys.text.slice(0, 120))}` });
      if (!m) return;
    }
    optname = pyRstrip(m[1] ?? "").toLowerCase();
    const opt: IniOption = { key: optname, value: "", file: path, line: lineno, continuation: [] };
    pending.set(opt, { opt, parts: [pyStrip(m[3] ?? "")] });
    (cursect as Map<string, IniOption>).set(optname, opt);
    store.assignments.set(sectname, [...(store.assignments.get(sectname) ?? []), opt]);
  });
  for (const { opt, parts } of pending.values()) opt.value = pyRstrip(parts.join("\n"));
  return errors;
}

/** configparser's get(section, option): the section's own value, else [DEFAULT]'s. */
export function getOption(store: IniStore, section: string, key: string): IniOption | undefined {
  return store.sections.get(section)?.get(key) ?? store.defaults.get(key);
}

/** configparser's items(section) keys: [DEFAULT]'s and the section's. */
export function optionKeys(store: IniStore, section: string): string[] {
  return [...new Set([...store.defaults.keys(), ...(store.sections.get(section)?.keys() ?? [])])];
}
