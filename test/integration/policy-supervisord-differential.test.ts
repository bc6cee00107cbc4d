/**
 * Respawn's reading of supervisord configuration files against supervisord's own (its
 * ServerOptions under Debian's /usr/bin/python3): every process, every restart-policy value and
 * the file:line each comes from, over seeded generated configurations and fixtures modelled on
 * public ones. A configuration supervisord refuses must be refused too.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { generateCase } from "@/test/oracle/supervisord-gen";
import { respawnReading, supervisordReading, type OracleCase, type OracleResult } from "@/test/oracle/supervisord-oracle";

const CASES = Number(process.env.SUPERVISORD_DIFF_CASES ?? 400);
const REAL = fileURLToPath(new URL("../fixtures/supervisord-configs", import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), "respawn-sdiff-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const canon = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));

async function compare(cases: OracleCase[]): Promise<{ mismatches: string[]; valid: number; sourced: number }> {
  const oracle = await supervisordReading(cases);
  const mismatches: string[] = [];
  let valid = 0;
  let sourced = 0;
  for (const [i, c] of cases.entries()) {
    const theirs = oracle[i] as OracleResult;
    const ours = await respawnReading(c);
    if (theirs.ok) {
      valid++;
      sourced += theirs.processes.filter((p) => Object.values(p.sources).some(Boolean)).length;
    }
    const same = theirs.ok === ours.ok && (!theirs.ok || canon(theirs) === canon(ours));
    if (!same) mismatches.push(`${c.config}\n supervisord: ${canon(theirs).slice(0, 2000)}\n respawn:     ${canon(ours).slice(0, 2000)}`);
  }
  return { mismatches, valid, sourced };
}

describe("supervisord config reading equals supervisord's", () => {
  it(`on ${CASES} generated configurations (line ends, spellings, comments, continuations, interpolation, includes, groups)`, async () => {
    const cases: OracleCase[] = [];
    for (let seed = 1; seed <= CASES; seed++) {
      const dir = path.join(root, `c${seed}`);
      const g = generateCase(seed, dir);
      for (const d of g.dirs) mkdirSync(path.join(dir, d), { recursive: true });
      for (const [f, text] of Object.entries(g.files)) {
        mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        writeFileSync(path.join(dir, f), text);
      }
      cases.push({ config: path.join(dir, "supervisord.conf"), env: g.env });
    }
    const { mismatches, valid, sourced } = await compare(cases);
    console.log(`supervisord differential: ${cases.length} generated cases, ${valid} accepted by supervisord, ${cases.length - valid} refused, ${mismatches.length} differences`);
    expect(mismatches.slice(0, 3)).toEqual([]);
    // The generator must mostly produce configurations supervisord accepts, with values set in files.
    expect(valid).toBeGreaterThan(cases.length * 0.6);
    expect(sourced).toBeGreaterThan(valid);
  }, 300_000);

  it("on configurations modelled on public ones (Docker images, Laravel, Celery, mail servers)", async () => {
    const cases: OracleCase[] = [];
    for (const name of readdirSync(REAL)) {
      const dir = path.join(root, `real-${name}`);
      cpSync(path.join(REAL, name), dir, { recursive: true });
      mkdirSync(path.join(dir, "logs"), { recursive: true });
      cases.push({ config: path.join(dir, "supervisord.conf"), env: { HOME: "/root", APP_ENV: "production" } });
    }
    const { mismatches, valid } = await compare(cases);
    console.log(`supervisord differential: ${cases.length} real-world fixtures, ${mismatches.length} differences`);
    expect(mismatches).toEqual([]);
    expect(valid).toBe(cases.length);
  }, 120_000);
});
