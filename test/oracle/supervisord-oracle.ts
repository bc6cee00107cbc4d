/**
 * Runs supervisord's own config reader (test/oracle/supervisord_oracle.py under Debian's
 * /usr/bin/python3) and Respawn's reader over the same files, in the same shape, so a test can
 * compare them field by field and source by source.
 */
import { execFile } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { readSupervisordConfig } from "@/lib/connectors/supervisord/ini/config-groups";
import { SupervisordConfigError } from "@/lib/connectors/supervisord/ini/config-read";

const SCRIPT = fileURLToPath(new URL("./supervisord_oracle.py", import.meta.url));

export interface OracleProcess {
  group: string;
  name: string;
  section: string;
  values: Record<string, unknown>;
  sources: Record<string, string | null>;
}

export type OracleResult = { ok: true; processes: OracleProcess[] } | { ok: false; error: string };

export interface OracleCase {
  config: string;
  env: Record<string, string>;
}

/** supervisord's reading of each case (one Python process for all of them). */
export function supervisordReading(cases: OracleCase[]): Promise<OracleResult[]> {
  return new Promise((resolve, reject) => {
    const child = execFile("/usr/bin/python3", [SCRIPT], { maxBuffer: 256 * 1024 * 1024, env: { ...process.env, PATH: "/usr/bin:/bin" }, encoding: "utf8" }, (err, stdout, stderr) => {
      if (err) reject(new Error(`the supervisord oracle failed: ${stderr || err.message}`));
      else resolve(JSON.parse(stdout) as OracleResult[]);
    });
    child.stdin?.end(JSON.stringify(cases));
  });
}

/** Respawn's reading of one case, in the oracle's shape. */
export async function respawnReading(c: OracleCase): Promise<OracleResult> {
  try {
    const cfg = await readSupervisordConfig(c.config, { env: c.env, hostname: os.hostname() });
    const processes = cfg.processes.map((p) => ({
      group: p.group,
      name: p.name,
      section: p.section,
      values: { ...p.values },
      sources: Object.fromEntries(Object.keys(p.values).map((k) => {
        const o = p.sources[k as keyof typeof p.sources];
        return [k, o ? `${o.file}:${o.line}` : null];
      })),
    }));
    processes.sort((a, b) => (a.group === b.group ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.group < b.group ? -1 : 1));
    return { ok: true, processes };
  } catch (e) {
    if (e instanceof SupervisordConfigError) return { ok: false, error: e.message };
    throw e;
  }
}
