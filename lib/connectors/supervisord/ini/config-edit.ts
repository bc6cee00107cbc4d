/**
 * Edits of one section's options that touch only the lines they change: a value is replaced in
 * place (key, spacing, inline comment and line end kept; its continuation lines dropped), a new
 * key goes after the section's last option with that option's indentation and line end, and a
 * removed key loses every line that sets it in the section. Everything else stays byte for byte.
 */
import type { PolicyChange } from "@/lib/connectors/policy";
import { RespawnError } from "@/lib/util/errors";
import { renderValue } from "../config-file";
import { commentStart, type IniFileText, type IniOption, type IniStore } from "./py-ini";
import { WS_CLASS, joinPhysLines, pyStrip, type PhysLine } from "./py-text";

export interface FileEdit {
  file: string;
  before: string;
  after: string;
}

interface FileOps {
  replace: Map<number, PhysLine>;
  drop: Set<number>;
  insert: Map<number, PhysLine[]>;
}

const OPTION = new RegExp(`^([^\\n]*?)${WS_CLASS}*(=|:)${WS_CLASS}*([^\\n]*)$`);

/** The line with its value replaced, everything around the value kept. */
export function replaceValue(line: string, value: string): string {
  const cs = commentStart(`${line}\n`);
  const content = cs === null ? line : line.slice(0, cs);
  const stripped = pyStrip(content);
  const m = OPTION.exec(stripped);
  if (!m) throw new RespawnError("CONFLICT", "a line changed shape while the edit was planned");
  const lead = content.indexOf(stripped);
  const end = lead + stripped.length;
  const start = end - (m[3] ?? "").length;
  return line.slice(0, start) + value + line.slice(end);
}

function dominantEol(lines: PhysLine[]): PhysLine["eol"] {
  const count = new Map<string, number>();
  for (const l of lines) if (l.eol) count.set(l.eol, (count.get(l.eol) ?? 0) + 1);
  return ([...count.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] as PhysLine["eol"] | undefined) ?? "\n";
}

/** Where a new option of a section goes: after the last option of its last header, as that option is indented. */
function anchor(store: IniStore, section: string): { file: string; line: number; indent: string } {
  const header = store.headers.get(section)?.at(-1);
  if (!header) throw new RespawnError("NOT_FOUND", `no [${section}] section in the files`);
  const nextHeader = Math.min(
    ...[...store.headers.values()].flat().filter((h) => h.file === header.file && h.line > header.line).map((h) => h.line),
    Infinity,
  );
  const inBlock = (store.assignments.get(section) ?? []).filter((o) => o.file === header.file && o.line > header.line && o.line < nextHeader);
  const last = inBlock.at(-1);
  const lines = fileOf(store, header.file).lines;
  const ref = lines[(last?.line ?? header.line) - 1]?.text ?? "";
  const indent = /^[ \t]*/.exec(ref)?.[0] ?? "";
  return { file: header.file, line: last ? Math.max(last.line, ...last.continuation) : header.line, indent };
}

function fileOf(store: IniStore, file: string): IniFileText {
  // A file read twice (two patterns) is the same text: the first reading has its lines.
  const f = store.files.find((x) => x.path === file);
  if (!f) throw new RespawnError("NOT_FOUND", `${file} was not read`);
  return f;
}

/** The section's own option lines for a key (not [DEFAULT]'s), in reading order. */
export function ownAssignments(store: IniStore, section: string, key: string): IniOption[] {
  return (store.assignments.get(section) ?? []).filter((o) => o.key === key);
}

function opsFor(all: Map<string, FileOps>, file: string): FileOps {
  const got = all.get(file) ?? { replace: new Map(), drop: new Set<number>(), insert: new Map() };
  all.set(file, got);
  return got;
}

/** Plans a change to one section; one FileEdit per file it touches. */
export function editSection(store: IniStore, section: string, change: PolicyChange): FileEdit[] {
  const all = new Map<string, FileOps>();
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) continue;
    const own = ownAssignments(store, section, key);
    if (value === null) {
      for (const o of own) [o.line, ...o.continuation].forEach((n) => opsFor(all, o.file).drop.add(n));
      continue;
    }
    const text = renderValue(value);
    const winner = own.at(-1);
    if (winner) {
      const ops = opsFor(all, winner.file);
      const phys = fileOf(store, winner.file).lines[winner.line - 1] as PhysLine;
      ops.replace.set(winner.line, { text: replaceValue(phys.text, text), eol: phys.eol });
      winner.continuation.forEach((n) => ops.drop.add(n));
      continue;
    }
    const at = anchor(store, section);
    const ops = opsFor(all, at.file);
    ops.insert.set(at.line, [...(ops.insert.get(at.line) ?? []), { text: `${at.indent}${key}=${text}`, eol: "\n" }]);
  }
  return [...all.entries()].map(([file, ops]) => render(fileOf(store, file), ops));
}

function render(f: IniFileText, ops: FileOps): FileEdit {
  const eol = dominantEol(f.lines);
  const out: PhysLine[] = [];
  f.lines.forEach((line, i) => {
    const n = i + 1;
    const kept = ops.replace.get(n) ?? line;
    const added = ops.insert.get(n) ?? [];
    if (!ops.drop.has(n)) out.push(added.length && !kept.eol ? { ...kept, eol } : kept);
    // New lines take the line end of the line they follow (the file's usual one after a last line without).
    added.forEach((a, j) => out.push({ text: a.text, eol: j === added.length - 1 && !line.eol ? "" : line.eol || eol }));
  });
  return { file: f.path, before: joinPhysLines(f.lines), after: joinPhysLines(out) };
}
