/**
 * Respawn's reading of supervisord configuration files against supervisord's own (its
 * ServerOptions under Debian's /usr/bin/python3): every process, every restart-policy value and
 * the file:line each comes from, over seeded generated configurations and fixtures modelled on
 * public ones. A configuration supervisord refuses must be refused too.
 */
import { spawn } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { generateCase } from "@/test/oracle/supervisord-gen";
import { createSupervisordClient } from "@/lib/connectors/supervisord/client";
import { respawnReading, supervisordReading, type OracleCase, type OracleResult } from "@/test/oracle/supervisord-oracle";
import { waitUntil } from "../harness/systemd";

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

  it("equals what a running supervisord reports over XML-RPC (getAllConfigInfo) for generated configurations", async () => {
    const REPORTED = ["autostart", "startsecs", "startretries", "exitcodes", "stopsignal", "stopwaitsecs", "killasgroup", "redirect_stderr",
      "stdout_syslog", "stderr_syslog", "stdout_logfile_maxbytes", "stderr_logfile_maxbytes", "stdout_logfile_backups", "stderr_logfile_backups"];
    const mismatches: string[] = [];
    let ran = 0;
    for (let seed = 1; ran < 12 && seed <= CASES; seed++) {
      const dir = path.join(root, `c${seed}`);
      const ours = await respawnReading({ config: path.join(dir, "supervisord.conf"), env: generateCase(seed, dir).env });
      if (!ours.ok || ours.processes.length === 0) continue;
      ran++;
      // A copy with a socket to talk to; the sections above it are untouched.
      const conf = path.join(dir, "supervisord.conf");
      appendFileSync(conf, "\n[unix_http_server]\nfile=%(here)s/rpc.sock\n\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n");
      const child = spawn("/usr/bin/supervisord", ["-n", "-c", conf], { env: { ...generateCase(seed, dir).env, PATH: "/usr/bin:/bin", NODE_ENV: "test" }, stdio: "ignore" });
      try {
        const socket = path.join(dir, "rpc.sock");
        await waitUntil(`supervisord of case ${seed}`, async () => existsSync(socket), 100);
        const client = createSupervisordClient({ socket }, "diff");
        await waitUntil(`supervisord of case ${seed} to answer`, async () => (await client.getState(AbortSignal.timeout(2000))).statename === "RUNNING", 100);
        const infos = (await client.getAllConfigInfo(AbortSignal.timeout(10_000))) as unknown as Record<string, unknown>[];
        const theirs = new Map(infos.map((i) => [`${String(i.group)}:${String(i.name)}`, i]));
        expect([...theirs.keys()].sort()).toEqual(ours.processes.map((p) => `${p.group}:${p.name}`).sort());
        for (const p of ours.processes) {
          const info = theirs.get(`${p.group}:${p.name}`) ?? {};
          for (const k of REPORTED) if (canon(info[k]) !== canon(p.values[k])) mismatches.push(`case ${seed} ${p.group}:${p.name} ${k}: supervisord ${canon(info[k])}, respawn ${canon(p.values[k])}`);
          for (const k of ["stdout_logfile", "stderr_logfile"]) {
            const v = String(info[k]);
            const same = p.values[k] === "NONE" ? v === "none" : p.values[k] === "AUTO" ? v.includes("---supervisor-") : v === p.values[k];
            if (!same) mismatches.push(`case ${seed} ${p.group}:${p.name} ${k}: supervisord ${v}, respawn ${String(p.values[k])}`);
          }
        }
      } finally {
        child.kill("SIGTERM");
        await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
      }
    }
    console.log(`supervisord differential: ${ran} generated configurations run by supervisord, ${mismatches.length} differences with getAllConfigInfo`);
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(ran).toBe(12);
  }, 300_000);
});
