/**
 * supervisord's value types (supervisor/datatypes.py): what each accepts and what it turns into.
 * Each throws ValueError-like errors where supervisord refuses the value.
 */
import { isPySpace, pyInt, pyStrip } from "./py-text";

export class ConfigValueError extends Error {}

const TRUTHY = ["yes", "true", "on", "1"];
const FALSY = ["no", "false", "off", "0"];

function str(v: string | number | boolean): string {
  return typeof v === "boolean" ? (v ? "True" : "False") : String(v);
}

export function boolean(v: string | boolean): boolean {
  const s = str(v).toLowerCase();
  if (TRUTHY.includes(s)) return true;
  if (FALSY.includes(s)) return false;
  throw new ConfigValueError(`not a valid boolean value: ${JSON.stringify(str(v))}`);
}

export type AutoRestart = "true" | "false" | "unexpected";

export function autoRestart(v: string): AutoRestart {
  const s = v.toLowerCase();
  if (TRUTHY.includes(s)) return "true";
  if (FALSY.includes(s)) return "false";
  if (s === "unexpected") return "unexpected";
  throw new ConfigValueError(`invalid 'autorestart' value ${JSON.stringify(s)}`);
}

export function integer(v: string | number): number {
  const n = pyInt(v);
  if (n === null) throw new ConfigValueError(`invalid literal for int(): ${JSON.stringify(String(v))}`);
  return n;
}

/** Signal numbers of this platform (Linux), by the names Python's signal module has. */
const SIGNALS: Record<string, number> = {
  SIGABRT: 6, SIGALRM: 14, SIGBUS: 7, SIGCHLD: 17, SIGCLD: 17, SIGCONT: 18, SIGFPE: 8, SIGHUP: 1, SIGILL: 4, SIGINT: 2,
  SIGIO: 29, SIGIOT: 6, SIGKILL: 9, SIGPIPE: 13, SIGPOLL: 29, SIGPROF: 27, SIGPWR: 30, SIGQUIT: 3, SIGRTMAX: 64, SIGRTMIN: 34,
  SIGSEGV: 11, SIGSTKFLT: 16, SIGSTOP: 19, SIGSYS: 31, SIGTERM: 15, SIGTRAP: 5, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22,
  SIGURG: 23, SIGUSR1: 10, SIGUSR2: 12, SIGVTALRM: 26, SIGWINCH: 28, SIGXCPU: 24, SIGXFSZ: 25,
  SIG_BLOCK: 0, SIG_DFL: 0, SIG_IGN: 1, SIG_SETMASK: 2, SIG_UNBLOCK: 1,
};
const SIGNUMS = new Set(Object.values(SIGNALS));

export function signalNumber(v: string): number {
  let num = pyInt(v);
  if (num === null) {
    let name = pyStrip(v).toUpperCase();
    if (!name.startsWith("SIG")) name = `SIG${name}`;
    num = Object.prototype.hasOwnProperty.call(SIGNALS, name) ? (SIGNALS[name] ?? null) : null;
    if (num === null) throw new ConfigValueError(`value ${JSON.stringify(v)} is not a valid signal name`);
  }
  if (!SIGNUMS.has(num)) throw new ConfigValueError(`value ${JSON.stringify(v)} is not a valid signal number`);
  return num;
}

/** The short name Respawn shows for a signal number (TERM for 15). */
export function signalName(num: number): string {
  const name = Object.entries(SIGNALS).find(([k, n]) => n === num && !k.startsWith("SIG_") && !["SIGCLD", "SIGIOT", "SIGPOLL"].includes(k))?.[0];
  return name ? name.slice(3) : String(num);
}

export function byteSize(v: string): number {
  const s = v.toLowerCase();
  const mult: Record<string, number> = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };
  const m = mult[s.slice(-2)];
  const n = pyInt(m !== undefined ? s.slice(0, -2) : s);
  if (n === null) throw new ConfigValueError(`not a byte size: ${JSON.stringify(v)}`);
  return n * (m ?? 1);
}

export function exitcodes(v: string): number[] {
  if (!v) return [];
  const out = v.split(",").map((x) => pyInt(x));
  if (out.some((n) => n === null || n < 0 || n > 255)) throw new ConfigValueError(`not a valid list of exit codes: ${JSON.stringify(v)}`);
  return out as number[];
}

/** A stdout/stderr_logfile value: NONE, AUTO, SYSLOG (deprecated spelling) or a path. */
export function logfileName(v: string | null): string {
  if (v === null) return "AUTO";
  const s = v.toLowerCase();
  if (s === "none" || s === "off") return "NONE";
  if (s === "auto") return "AUTO";
  if (s === "syslog") return "SYSLOG";
  return v;
}

export function processOrGroupName(name: string): string {
  const s = pyStrip(name);
  for (const ch of [" ", ":", "/"]) if (s.includes(ch)) throw new ConfigValueError(`Invalid name: ${JSON.stringify(name)} because of character: '${ch}'`);
  return s;
}

export function listOfStrings(v: string | null): string[] {
  if (!v) return [];
  return v.split(",").map((x) => pyStrip(x));
}

const WORDCHARS = /[A-Za-z0-9_/.+\-():]/;

/** shlex.shlex (non-POSIX) tokens, as dict_of_key_value_pairs reads `environment=`. */
function shlexTokens(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] ?? "";
    if (c === " " || c === "\t" || c === "\r" || c === "\n") i++;
    else if (c === "#") {
      while (i < s.length && s[i] !== "\n") i++;
    } else if (c === "'" || c === '"') {
      const end = s.indexOf(c, i + 1);
      if (end < 0) throw new ConfigValueError("No closing quotation");
      out.push(s.slice(i, end + 1));
      i = end + 1;
    } else if (WORDCHARS.test(c)) {
      let j = i;
      // Non-POSIX shlex keeps a quote met inside a word as part of the word.
      while (j < s.length && (WORDCHARS.test(s[j] ?? "") || s[j] === "'" || s[j] === '"')) j++;
      out.push(s.slice(i, j));
      i = j;
    } else {
      out.push(c);
      i++;
    }
  }
  return out;
}

/** `KEY=val,KEY2="v, 2"` into a map, as supervisord reads `environment=`. */
export function dictOfKeyValuePairs(v: string): Record<string, string> {
  const t = shlexTokens(v);
  const out: Record<string, string> = {};
  for (let i = 0; i < t.length; i += 4) {
    if (i + 2 >= t.length || t[i + 1] !== "=") throw new ConfigValueError(`Unexpected end of key/value pairs in value '${v}'`);
    out[t[i] ?? ""] = (t[i + 2] ?? "").replace(/^['"]+|['"]+$/g, "");
  }
  return out;
}

export { isPySpace };
