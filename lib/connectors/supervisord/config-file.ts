/**
 * supervisord's ini files, read and edited as lines so that every other line and comment stays
 * exactly as it was. supervisord parses them with Python's RawConfigParser (strict off, option
 * names lower-cased, `;`/`#` comments, inline comments after whitespace, indented continuation lines).
 */
import { SUPERVISORD_FIELDS, policyChangeSchema, type PolicyChange, type PolicyValue } from "@/lib/connectors/policy";
import { RespawnError } from "@/lib/util/errors";

export interface IniSection {
  name: string;
  /** Index of the header line, and one past the section's last line. */
  header: number;
  end: number;
}

export interface IniEntry {
  key: string;
  value: string;
  /** First and one-past-last line (continuation lines included). */
  start: number;
  end: number;
}

const HEADER = /^\[([^\]]+)\]/;
const ENTRY = /^([^\s=:;#[][^=:]*?)\s*[=:]\s?(.*)$/;

export function splitLines(text: string): string[] {
  return text.split("\n");
}

/** The sections of an ini text, in order. */
export function listSections(lines: string[]): IniSection[] {
  const out: IniSection[] = [];
  lines.forEach((line, i) => {
    const m = HEADER.exec(line);
    if (!m) return;
    const last = out.at(-1);
    if (last) last.end = i;
    out.push({ name: (m[1] ?? "").trim(), header: i, end: lines.length });
  });
  return out;
}

function stripInlineComment(v: string): string {
  return v.replace(/\s[;#].*$/, "").trim();
}

/** The `key = value` entries of one section (keys lower-cased, inline comments removed). */
export function listEntries(lines: string[], s: IniSection): IniEntry[] {
  const out: IniEntry[] = [];
  for (let i = s.header + 1; i < s.end; i++) {
    const line = lines[i] ?? "";
    const m = ENTRY.exec(line);
    if (!m || /^\s/.test(line)) continue;
    let end = i + 1;
    const parts = [stripInlineComment(m[2] ?? "")];
    while (end < s.end && /^\s+\S/.test(lines[end] ?? "") && !/^\s*[;#]/.test(lines[end] ?? "")) {
      parts.push(stripInlineComment(lines[end] ?? ""));
      end++;
    }
    out.push({ key: (m[1] ?? "").trim().toLowerCase(), value: parts.join("\n").trim(), start: i, end });
    i = end - 1;
  }
  return out;
}

/** Finds `[program:name]`; null when no section of that name is in the text. */
export function findProgramSection(lines: string[], program: string): IniSection | null {
  return listSections(lines).find((s) => s.name === `program:${program}`) ?? null;
}

/** Renders one validated value the way supervisord reads it back. */
export function renderValue(v: PolicyValue): string {
  const text = Array.isArray(v) ? v.join(",") : String(v);
  // Values are enum words, numbers and booleans only: no %, newline, comment or section can get in.
  if (!/^[A-Za-z0-9,_-]+$/.test(text)) throw new RespawnError("INVALID", "refused a value that is not a plain word or number");
  return text;
}

/** Parses a file value into the field's type; null when it does not parse (then it is left alone). */
export function parseValue(key: string, raw: string): PolicyValue | null {
  const field = SUPERVISORD_FIELDS.find((f) => f.key === key);
  if (!field) return null;
  const v = raw.trim();
  const candidates: Record<string, unknown> = {
    bool: /^(true|yes|on|1)$/i.test(v) ? true : /^(false|no|off|0)$/i.test(v) ? false : v,
    int: /^\d+(KB|MB|GB)?$/i.test(v) ? parseSize(v) : v,
    "int-list": v.split(",").map((x) => Number(x.trim())),
    enum: field.key === "autorestart" ? v.toLowerCase() : field.key === "stopsignal" ? v.toUpperCase().replace(/^SIG/, "") : v,
  };
  const r = policyChangeSchema("supervisord").safeParse({ [key]: candidates[field.kind.type] });
  return r.success ? (r.data[key] ?? null) : null;
}

function parseSize(v: string): number {
  const m = /^(\d+)(KB|MB|GB)?$/i.exec(v);
  const mult = { KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[(m?.[2] ?? "").toUpperCase()] ?? 1;
  return Number(m?.[1] ?? NaN) * mult;
}

/**
 * Applies a change to one section: a set key replaces its first line (and continuations; a later
 * duplicate is removed), a new key is added after the section's last entry, null removes the key.
 */
export function editSection(text: string, program: string, change: PolicyChange): string {
  const lines = splitLines(text);
  const section = findProgramSection(lines, program);
  if (!section) throw new RespawnError("NOT_FOUND", `no [program:${program}] section in the file`);
  const entries = listEntries(lines, section);
  const replace = new Map<number, string[]>();
  const drop = new Set<number>();
  const add: string[] = [];
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) continue;
    const found = entries.filter((e) => e.key === key);
    found.slice(value === null ? 0 : 1).forEach((e) => {
      for (let i = e.start; i < e.end; i++) drop.add(i);
    });
    if (value === null) continue;
    const line = `${key}=${renderValue(value)}`;
    const first = found[0];
    if (!first) add.push(line);
    else {
      replace.set(first.start, [line]);
      for (let i = first.start + 1; i < first.end; i++) drop.add(i);
    }
  }
  const lastEntry = entries.at(-1);
  const insertAt = lastEntry ? lastEntry.end - 1 : section.header;
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (replace.has(i)) out.push(...(replace.get(i) ?? []));
    else if (!drop.has(i)) out.push(line);
    if (i === insertAt) out.push(...add);
  });
  return out.join("\n");
}

/** The editable values a section sets now (null = not set there, so supervisord's default applies). */
export function readSectionValues(text: string, program: string): { owned: PolicyChange; lines: Record<string, number> } {
  const lines = splitLines(text);
  const owned: PolicyChange = Object.fromEntries(SUPERVISORD_FIELDS.map((f) => [f.key, null]));
  const at: Record<string, number> = {};
  const section = findProgramSection(lines, program);
  if (!section) return { owned, lines: at };
  for (const e of listEntries(lines, section)) {
    if (!(e.key in owned)) continue;
    const value = parseValue(e.key, e.value);
    // A value the form cannot hold (a log path) is left out, so no change or rollback removes it.
    if (value === null) delete owned[e.key];
    else owned[e.key] = value;
    at[e.key] = e.start + 1;
  }
  return { owned, lines: at };
}
