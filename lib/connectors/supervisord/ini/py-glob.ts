/**
 * Python 3.11's glob.glob (no recursion, hidden files skipped unless the pattern part starts with
 * a dot) and fnmatch (`*`, `?`, `[...]` classes with `!` and ranges, no escapes), which
 * supervisord uses for `[include] files=`. Results keep Python's path joining (no normalising).
 */
import { lstat, readdir, stat } from "node:fs/promises";

type Token = { t: "star" } | { t: "any" } | { t: "lit"; c: string } | { t: "class"; negate: boolean; chars: Set<number>; ranges: [number, number][]; never: boolean; all: boolean };

const cp = (s: string | undefined): number => s?.codePointAt(0) ?? 0;

function parseClass(stuff: string[]): Token {
  const base = { t: "class" as const, negate: false, chars: new Set<number>(), ranges: [] as [number, number][], never: false, all: false };
  let chunks: string[][];
  if (!stuff.includes("-")) chunks = [stuff];
  else {
    chunks = [];
    let i = 0;
    let k = stuff[0] === "!" ? 2 : 1;
    for (;;) {
      const found = stuff.indexOf("-", k);
      if (found < 0) break;
      chunks.push(stuff.slice(i, found));
      i = found + 1;
      k = found + 3;
    }
    const last = stuff.slice(i);
    if (last.length) chunks.push(last);
    else chunks[chunks.length - 1]?.push("-");
    for (let k2 = chunks.length - 1; k2 > 0; k2--) {
      const a = chunks[k2 - 1] ?? [];
      const b = chunks[k2] ?? [];
      if (cp(a.at(-1)) > cp(b[0])) {
        chunks[k2 - 1] = [...a.slice(0, -1), ...b.slice(1)];
        chunks.splice(k2, 1);
      }
    }
  }
  const flat = chunks.flat();
  if (flat.length === 0) return { ...base, never: true };
  if (flat.length === 1 && flat[0] === "!") return { ...base, all: true };
  const negate = flat[0] === "!";
  chunks.forEach((chunk, i) => {
    const body = [...chunk];
    if (i === 0 && negate) body.shift();
    if (i < chunks.length - 1) {
      const lo = body.pop();
      base.ranges.push([cp(lo), cp(chunks[i + 1]?.[0])]);
    }
    body.forEach((c, j) => {
      if (!(i > 0 && j === 0)) base.chars.add(cp(c));
    });
  });
  return { ...base, negate };
}

/** Tokens of an fnmatch pattern, read as fnmatch.translate reads it. */
export function parsePattern(pattern: string): Token[] {
  const pat = Array.from(pattern);
  const out: Token[] = [];
  let i = 0;
  while (i < pat.length) {
    const c = pat[i++] ?? "";
    if (c === "*") {
      if (out.at(-1)?.t !== "star") out.push({ t: "star" });
    } else if (c === "?") out.push({ t: "any" });
    else if (c === "[") {
      let j = i;
      if (pat[j] === "!") j++;
      if (pat[j] === "]") j++;
      while (j < pat.length && pat[j] !== "]") j++;
      if (j >= pat.length) out.push({ t: "lit", c: "[" });
      else {
        out.push(parseClass(pat.slice(i, j)));
        i = j + 1;
      }
    } else out.push({ t: "lit", c });
  }
  return out;
}

function matchOne(tok: Token, c: string): boolean {
  if (tok.t === "any") return true;
  if (tok.t === "lit") return tok.c === c;
  if (tok.t !== "class") return false;
  if (tok.never) return false;
  if (tok.all) return true;
  const n = cp(c);
  const hit = tok.chars.has(n) || tok.ranges.some(([lo, hi]) => lo <= n && n <= hi);
  return tok.negate ? !hit : hit;
}

/** fnmatch.fnmatchcase: the whole name must match. */
export function fnmatch(name: string, pattern: string): boolean {
  const s = Array.from(name);
  const toks = parsePattern(pattern);
  // dp[j] = the first i tokens can match the first j characters
  let dp = s.map(() => false).concat(false);
  dp[0] = true;
  for (const tok of toks) {
    const next = dp.map(() => false);
    for (let j = 0; j <= s.length; j++) {
      if (tok.t === "star") next[j] = dp[j] || (j > 0 && next[j - 1]) || false;
      else if (j > 0 && dp[j - 1] && matchOne(tok, s[j - 1] ?? "")) next[j] = true;
    }
    dp = next;
  }
  return dp[s.length] ?? false;
}

export const hasMagic = (s: string): boolean => /[*?[]/.test(s);

function split(p: string): [string, string] {
  const i = p.lastIndexOf("/") + 1;
  let head = p.slice(0, i);
  const tail = p.slice(i);
  if (head && head !== "/".repeat(head.length)) head = head.replace(/\/+$/, "");
  return [head, tail];
}

/** os.path.join of two parts. */
export function pyJoin(a: string, b: string): string {
  if (b.startsWith("/")) return b;
  if (!a || a.endsWith("/")) return a + b;
  return `${a}/${b}`;
}

const exists = (p: string) => lstat(p).then(() => true, () => false);
const isDir = (p: string) => stat(p).then((s) => s.isDirectory(), () => false);

async function listDir(dir: string, dirOnly: boolean): Promise<string[]> {
  const entries = await readdir(/*turbopackIgnore: true*/ dir || ".", { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    if (!dirOnly || e.isDirectory() || (e.isSymbolicLink() && (await isDir(pyJoin(dir, e.name))))) out.push(e.name);
  }
  return out;
}

async function globIn(dir: string, basename: string, dirOnly: boolean): Promise<string[]> {
  if (!hasMagic(basename)) {
    if (basename) return (await exists(pyJoin(dir, basename))) ? [basename] : [];
    return (await isDir(dir)) ? [basename] : [];
  }
  let names = await listDir(dir, dirOnly);
  if (basename[0] !== ".") names = names.filter((n) => n[0] !== ".");
  return names.filter((n) => fnmatch(n, basename));
}

/** glob.glob(pattern), in the order the directory lists them (supervisord sorts each pattern's result). */
export async function pyGlob(pattern: string, dirOnly = false): Promise<string[]> {
  const [dirname, basename] = split(pattern);
  if (!hasMagic(pattern)) {
    if (basename) return (await exists(pattern)) ? [pattern] : [];
    return (await isDir(dirname)) ? [pattern] : [];
  }
  const dirs = dirname !== pattern && hasMagic(dirname) ? await pyGlob(dirname, true) : [dirname];
  const out: string[] = [];
  for (const d of dirs) for (const name of await globIn(d, basename, dirOnly)) out.push(pyJoin(d, name));
  return out;
}
