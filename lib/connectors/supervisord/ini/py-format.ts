/**
 * Python's `string % mapping`, the way supervisord expands `%(name)s` in its config values:
 * `%%` is a percent sign, `%(key)s` / `%(key)d` (with flags and width) take a value from the
 * mapping; anything else fails as it fails in Python (supervisord then refuses the config).
 */

export type Expansions = Record<string, string | number>;

export class FormatError extends Error {}

const SPEC = /^([#0\- +]*)(\d*)(?:\.(\d+))?[hlL]?([a-zA-Z%])/;

function pad(body: string, flags: string, width: number, numeric: boolean): string {
  if (body.length >= width) return body;
  if (flags.includes("-")) return body.padEnd(width);
  if (numeric && flags.includes("0")) {
    const sign = /^[+-]/.test(body) ? (body[0] ?? "") : "";
    return sign + body.slice(sign.length).padStart(width - sign.length, "0");
  }
  return body.padStart(width);
}

function convert(value: string | number, type: string, flags: string, precision: string | undefined, key: string): string {
  if (type === "s") {
    const s = String(value);
    return precision === undefined ? s : s.slice(0, Number(precision));
  }
  if (type === "r") return typeof value === "number" ? String(value) : `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if ("diuxXo".includes(type)) {
    if (typeof value !== "number") throw new FormatError(`%${type} format: a real number is required, not str (for ${key})`);
    const base = type === "o" ? 8 : type === "x" || type === "X" ? 16 : 10;
    let s = Math.abs(value).toString(base);
    if (type === "X") s = s.toUpperCase();
    if (precision !== undefined) s = s.padStart(Number(precision), "0");
    const sign = value < 0 ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
    return sign + s;
  }
  throw new FormatError(`unsupported format character '${type}'`);
}

/** Expands like Python's `s % expansions`; throws FormatError where Python raises. */
export function pyPercent(s: string, expansions: Expansions): string {
  let out = "";
  let i = 0;
  while (i < s.length) {
    const at = s.indexOf("%", i);
    if (at === -1) return out + s.slice(i);
    out += s.slice(i, at);
    let j = at + 1;
    if (s[j] === "%") {
      out += "%";
      i = j + 1;
      continue;
    }
    if (s[j] !== "(") throw new FormatError(j >= s.length ? "incomplete format" : "format requires a mapping");
    let depth = 1;
    let k = j + 1;
    for (; k < s.length && depth > 0; k++) depth += s[k] === "(" ? 1 : s[k] === ")" ? -1 : 0;
    if (depth > 0) throw new FormatError("incomplete format key");
    const key = s.slice(j + 1, k - 1);
    const m = SPEC.exec(s.slice(k));
    if (!m) throw new FormatError(k >= s.length ? "incomplete format" : `unsupported format character '${s[k]}'`);
    const [whole, flags = "", width = "", precision, type = ""] = m;
    if (type === "%") throw new FormatError("unsupported format character '%'");
    if (!Object.prototype.hasOwnProperty.call(expansions, key)) throw new FormatError(`contains names ('${key}') which cannot be expanded`);
    const v = expansions[key] as string | number;
    out += pad(convert(v, type, flags, precision, key), flags, Number(width || 0), type !== "s" && type !== "r");
    i = k + whole.length;
    j = i;
  }
  return out;
}

/** True when a raw value has a `%(…)` expansion in it (so what supervisord uses is not the text written). */
export const hasExpansion = (raw: string): boolean => /%\(/.test(raw.replace(/%%/g, ""));
