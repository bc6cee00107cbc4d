/**
 * The few Python string rules supervisord's config reading depends on, so Respawn splits,
 * strips and converts text exactly as CPython does (str.isspace, universal newlines, int()).
 */

/** Characters for which Python's str.isspace() is true (it differs from JS \s: \x1c-\x1f, \x85; no \ufeff). */
export const PY_WS = "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";
const WS_SET = new Set(PY_WS);
/** A RegExp character class of Python whitespace, for building patterns. */
export const WS_CLASS = `[${PY_WS.replace(/[\]\\^-]/g, "\\$&").replace(/\n/g, "\\n").replace(/\r/g, "\\r")}]`;

export const isPySpace = (ch: string | undefined): boolean => ch !== undefined && WS_SET.has(ch);

export function pyStrip(s: string): string {
  return pyRstrip(pyLstrip(s));
}
export function pyLstrip(s: string): string {
  let i = 0;
  while (i < s.length && WS_SET.has(s[i] ?? "")) i++;
  return s.slice(i);
}
export function pyRstrip(s: string): string {
  let j = s.length;
  while (j > 0 && WS_SET.has(s[j - 1] ?? "")) j--;
  return s.slice(0, j);
}
/** Python's str.split() with no argument: runs of whitespace separate, none kept. */
export function pySplit(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (const ch of s) {
    if (WS_SET.has(ch)) {
      if (cur) out.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** A physical line: its text and the line end that closed it ("" for a last line without one). */
export interface PhysLine {
  text: string;
  eol: "" | "\n" | "\r\n" | "\r";
}

/** Splits as Python's text files do (universal newlines: \n, \r\n and a lone \r all end a line). */
export function splitPhysLines(text: string): PhysLine[] {
  const out: PhysLine[] = [];
  const re = /\r\n|\r|\n/g;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ text: text.slice(at, m.index), eol: m[0] as PhysLine["eol"] });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at), eol: "" });
  return out;
}

export function joinPhysLines(lines: PhysLine[]): string {
  return lines.map((l) => l.text + l.eol).join("");
}

/** Python's int() of a string: surrounding whitespace, a sign and single underscores between digits. */
export function pyInt(v: string | number): number | null {
  if (typeof v === "number") return v;
  const s = pyStrip(v);
  if (!/^[+-]?\d+(_\d+)*$/.test(s)) return null;
  const n = Number(s.replace(/_/g, ""));
  return Number.isSafeInteger(n) ? n : null;
}

/** Python's sorted() order for str: by code point (JS sorts by UTF-16 unit). */
export function pyCompare(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return x.length - y.length;
}
