/**
 * A seeded generator of systemd service units and drop-ins that combine what people write with
 * what systemd's parser allows: every spelling of the policy keys in right and wrong sections,
 * TimeoutSec= against TimeoutStopSec=, empty resets, invalid values, comments ending in `\`,
 * continuations with comment lines inside, `\\` at a line's end, and \n, \r\n or \r line ends.
 */
import { rngOf, type Rng } from "./supervisord-gen";

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

const VALUES: Record<string, string[]> = {
  Restart: ["no", "always", "on-failure", "on-abnormal", "sometimes"],
  RestartSec: ["0", "1", "5s", "100ms", "1min 30s", "2.5", "3 s", "oops"],
  StartLimitIntervalSec: ["0", "30", "60s", "5min", "10s"],
  StartLimitInterval: ["0", "45", "2min"],
  StartLimitBurst: ["0", "3", "10", "many"],
  StartLimitAction: ["none", "exit", "nothing"],
  KillMode: ["control-group", "mixed", "process", "none", "all"],
  TimeoutStopSec: ["5", "20s", "infinity", "0", "1min"],
  TimeoutSec: ["7", "30s", "2min"],
  StandardOutput: ["journal", "null", "inherit", "journal+console", "kmsg"],
  StandardError: ["journal", "null", "inherit"],
};
const SECTIONS = ["Unit", "Service"];

function assignment(r: Rng): string[] {
  const key = pick(r, Object.keys(VALUES));
  const value = r() < 0.08 ? "" : pick(r, VALUES[key] ?? []);
  const line = `${key}=${value}`;
  const roll = r();
  // A continuation with a comment line inside joins the value with the line after the comment.
  if (roll < 0.06 && value) return [`${key}=\\`, "# a comment inside", `  ${value}`];
  if (roll < 0.1) return [`${line}\\\\`];
  if (roll < 0.16) return ["# a comment that ends in a backslash \\", line];
  if (roll < 0.2) return ["; another comment", `  ${line}  `];
  return [line];
}

function file(r: Rng, withExec: boolean): string {
  const lines: string[] = [];
  const first = withExec ? ["[Unit]", "Description=Respawn differential test unit"] : [];
  lines.push(...first);
  const blocks = 1 + Math.floor(r() * 3);
  for (let b = 0; b < blocks; b++) {
    lines.push(`[${pick(r, SECTIONS)}]`);
    for (let i = Math.floor(r() * 5); i > 0; i--) lines.push(...assignment(r));
  }
  if (withExec) lines.push("[Service]", "ExecStart=/bin/sleep 1000");
  const eol = pick(r, ["\n", "\n", "\r\n", "\r"]);
  return lines.join(eol) + eol;
}

export interface GeneratedUnit {
  unit: string;
  /** Relative to the user unit folder, in the order systemd reads them. */
  files: Array<{ path: string; text: string }>;
}

export function generateUnit(seed: number, prefix: string): GeneratedUnit {
  const r = rngOf(seed * 7919 + 13);
  const unit = `${prefix}u${seed}.service`;
  const files = [{ path: unit, text: file(r, true) }];
  for (let i = Math.floor(r() * 3); i > 0; i--) files.push({ path: `${unit}.d/${10 * i}-gen.conf`, text: file(r, false) });
  files.sort((a, b) => (a.path === unit ? -1 : b.path === unit ? 1 : a.path.localeCompare(b.path)));
  return { unit, files };
}
