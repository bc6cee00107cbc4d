/**
 * systemd 252's unit-file syntax (conf-parser.c, systemd.syntax(7)), as far as restart policies
 * need it: lines end in \n, \r\n or \r; a line whose first non-blank character is `#` or `;` is a
 * comment and never continues; a line ending in an unescaped `\` continues on the next line (the
 * backslash becomes a space), comment lines inside a continuation are skipped; `\\` at the end is
 * an escaped backslash, not a continuation. Which keys each section takes, and what a valid value
 * is, follow load-fragment-gperf (checked against `systemctl --user show`).
 */

export interface Assignment {
  section: string;
  key: string;
  value: string;
  /** 1-based line of the key (the first line of a continued assignment). */
  line: number;
}

const WS = /^[ \t\n\r]+|[ \t\n\r]+$/g;
const isComment = (l: string) => /^[ \t]*[#;]/.test(l);

/** True when the text ends in a backslash that is not itself escaped. */
function endsEscaped(s: string): boolean {
  let escaped = false;
  for (const ch of s) escaped = escaped ? false : ch === "\\";
  return escaped;
}

/** Parses a unit file's `Key=value` lines in their sections. */
export function parseUnitFile(text: string): Assignment[] {
  const out: Assignment[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  let section = "";
  let cont: { text: string; line: number } | null = null;
  lines.forEach((raw, i) => {
    if (isComment(raw)) return;
    let p = cont ? cont.text + raw : raw;
    const line = cont?.line ?? i + 1;
    if (endsEscaped(p)) {
      p = `${p.slice(0, -1)} `;
      cont = { text: p, line };
      return;
    }
    cont = null;
    const l = p.replace(WS, "");
    if (!l) return;
    if (l.startsWith("[")) {
      // "[Section]" only; anything after the bracket makes systemd ignore the line.
      if (l.endsWith("]")) section = l.slice(1, -1);
      return;
    }
    const eq = l.indexOf("=");
    if (eq <= 0) return;
    out.push({ section, key: l.slice(0, eq).replace(WS, ""), value: l.slice(eq + 1).replace(WS, ""), line });
  });
  return out;
}

/** The spellings of each policy key systemd 252 takes, by section (older names and compatibility ones included). */
export const KEY_SPELLINGS: Record<string, Record<string, string[]>> = {
  StartLimitIntervalSec: { Unit: ["StartLimitIntervalSec", "StartLimitInterval"], Service: ["StartLimitInterval"] },
  StartLimitBurst: { Unit: ["StartLimitBurst"], Service: ["StartLimitBurst"] },
  StartLimitAction: { Unit: ["StartLimitAction"], Service: ["StartLimitAction"] },
  TimeoutStopSec: { Service: ["TimeoutStopSec", "TimeoutSec"] },
};

/** The section a spelling of a policy key belongs in, for a setting written where systemd ignores it. */
export function validSectionFor(key: string, written: string, fieldSection: string): string {
  const spellings = KEY_SPELLINGS[key] ?? { [fieldSection]: [key] };
  return Object.keys(spellings).find((s) => spellings[s]?.includes(written)) ?? fieldSection;
}

const SPAN_UNIT = "usec|us|µs|msec|ms|seconds|second|sec|s|minutes|minute|min|m|hours|hour|hr|h|days|day|d|weeks|week|w|months|month|M|years|year|y";
const TIMESPAN = new RegExp(`^((\\d+(\\.\\d+)?|\\.\\d+)[ \\t]*(${SPAN_UNIT})?[ \\t]*)+$`);
const ENUMS: Record<string, string[]> = {
  Restart: ["no", "on-success", "on-failure", "on-abnormal", "on-watchdog", "on-abort", "always"],
  KillMode: ["control-group", "mixed", "process", "none"],
  StartLimitAction: ["none", "reboot", "reboot-force", "reboot-immediate", "poweroff", "poweroff-force", "poweroff-immediate", "exit", "exit-force", "soft-reboot", "soft-reboot-force", "kexec", "kexec-force", "halt", "halt-force", "halt-immediate"],
};
const OUTPUTS = /^(inherit|null|tty|journal|kmsg|journal\+console|kmsg\+console|syslog|syslog\+console|socket|file:.+|append:.+|truncate:.+|fd:.+)$/;

/** True when systemd 252 takes the value for this policy key (an invalid one is ignored with a warning). */
export function validValue(key: string, value: string): boolean {
  if (key in ENUMS) return (ENUMS[key] ?? []).includes(value);
  if (key === "StandardOutput" || key === "StandardError") return OUTPUTS.test(value);
  if (key === "StartLimitBurst" || key === "RestartSteps") return /^\d+$/.test(value);
  if (key.endsWith("Sec")) return value === "infinity" || TIMESPAN.test(value);
  return true;
}
