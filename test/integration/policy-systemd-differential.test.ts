/**
 * Respawn's reading of unit files against systemd 252 itself: seeded generated units and
 * drop-ins are loaded into the real user manager, and for every policy key the line Respawn
 * names as its source must hold the value `systemctl --user show` reports (or, with no source,
 * the value must be systemd's built-in one); settings in a section systemd ignores are named.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseUnitFile } from "@/lib/connectors/systemd/unit-syntax";
import { misplacedSettings, policySources } from "@/lib/connectors/systemd/policy-read";
import { generateUnit, type GeneratedUnit } from "@/test/oracle/systemd-gen";
import { ensureUserManager, systemctl } from "../harness/systemd";

const CASES = Number(process.env.SYSTEMD_DIFF_CASES ?? 150);
const dir = path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), ".config"), "systemd", "user");
const prefix = `rsp-diff-${randomBytes(3).toString("hex")}-`;
const units: GeneratedUnit[] = [];

const SHOW: Record<string, string> = {
  Restart: "Restart", RestartSec: "RestartUSec", StartLimitIntervalSec: "StartLimitIntervalUSec", StartLimitBurst: "StartLimitBurst",
  StartLimitAction: "StartLimitAction", KillMode: "KillMode", TimeoutStopSec: "TimeoutStopUSec", StandardOutput: "StandardOutput", StandardError: "StandardError",
};
const BUILT_IN: Record<string, string> = {
  Restart: "no", RestartSec: "100ms", StartLimitIntervalSec: "10s", StartLimitBurst: "5", StartLimitAction: "none",
  KillMode: "control-group", TimeoutStopSec: "1min 30s", StandardOutput: "journal", StandardError: "inherit",
};
const UNIT_US: Record<string, number> = {
  us: 1, usec: 1, "µs": 1, ms: 1e3, msec: 1e3, s: 1e6, sec: 1e6, second: 1e6, seconds: 1e6, m: 60e6, min: 60e6, minute: 60e6, minutes: 60e6,
  h: 3600e6, hr: 3600e6, hour: 3600e6, hours: 3600e6, d: 86400e6, day: 86400e6, days: 86400e6, w: 604800e6, week: 604800e6, weeks: 604800e6,
};

/** A systemd time span (as written or as `show` prints it) in µs; "infinity" stays a word. */
function span(v: string): string {
  if (v === "infinity") return v;
  let us = 0;
  for (const m of v.matchAll(/(\d+(?:\.\d+)?)\s*([a-zµ]*)/g)) us += Number(m[1]) * (UNIT_US[m[2] || "s"] ?? NaN);
  return String(Math.round(us));
}

function normal(key: string, v: string): string {
  if (key === "TimeoutStopSec" && span(v) === "0") return "infinity";
  // With standard input at /dev/null systemd turns StandardOutput=inherit into its default output.
  if (key === "StandardOutput" && v === "inherit") return "journal";
  return key.endsWith("Sec") ? span(v) : v;
}

beforeAll(async () => {
  await ensureUserManager();
  for (let seed = 1; seed <= CASES; seed++) units.push(generateUnit(seed, prefix));
  for (const u of units) {
    for (const f of u.files) {
      await mkdir(path.dirname(path.join(dir, f.path)), { recursive: true });
      await writeFile(path.join(dir, f.path), f.text);
    }
  }
  await systemctl("daemon-reload");
});

afterAll(async () => {
  for (const u of units) {
    await rm(path.join(dir, u.unit), { force: true });
    await rm(path.join(dir, `${u.unit}.d`), { force: true, recursive: true });
  }
  await systemctl("daemon-reload").catch(() => undefined);
});

async function shown(unit: string): Promise<Record<string, string>> {
  const out = await systemctl("show", "-p", Object.values(SHOW).join(","), unit);
  return Object.fromEntries(out.trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

describe("systemd unit-file reading equals systemd 252's", () => {
  it(`names the line each value comes from, on ${CASES} generated units with drop-ins`, async () => {
    const mismatches: string[] = [];
    let sourced = 0;
    for (const u of units) {
      const texts = u.files.map((f) => ({ path: path.join(dir, f.path), text: f.text }));
      const sources = policySources(texts);
      const real = await shown(u.unit);
      for (const [key, prop] of Object.entries(SHOW)) {
        const source = sources[key];
        let ours = BUILT_IN[key] ?? "";
        if (source) {
          sourced++;
          const [file, line] = [source.slice(0, source.lastIndexOf(":")), Number(source.slice(source.lastIndexOf(":") + 1))];
          const a = parseUnitFile(texts.find((t) => t.path === file)?.text ?? "").find((x) => x.line === line);
          ours = a?.value ?? "(no assignment at that line)";
        }
        if (normal(key, ours) !== normal(key, real[prop] ?? "")) mismatches.push(`${u.unit} ${key}: respawn ${source ?? "default"} = ${ours}, systemd = ${real[prop]}`);
      }
    }
    console.log(`systemd differential: ${units.length} generated units, ${units.reduce((n, u) => n + u.files.length, 0)} files, ${sourced} values with a source line, ${mismatches.length} differences`);
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(sourced).toBeGreaterThan(units.length);
  }, 300_000);

  it("names settings written in a section systemd ignores", () => {
    const text = "[Unit]\nRestartSec=5\n[Service]\nStartLimitIntervalSec=30\nStartLimitInterval=40\nStartLimitBurst=3\n";
    expect(misplacedSettings([{ path: "/u/x.service", text }])).toEqual([
      "RestartSec= in [Unit] at /u/x.service:2 belongs in [Service]",
      "StartLimitIntervalSec= in [Service] at /u/x.service:4 belongs in [Unit]",
    ]);
  });
});
