import { z } from "zod";
import { SUPERVISORD_FIELDS, type PolicySetting, type PolicyValue } from "@/lib/connectors/policy";
import { parseWire } from "./client";
import type { ProcessDefinition } from "./ini/config-processes";
import { signalName } from "./ini/py-values";

const Int = z.number().int();

/** The getAllConfigInfo fields a restart policy is made of (autorestart and stopasgroup are not sent: read from the file). */
export const PolicyConfigInfo = z.looseObject({
  name: z.string().min(1),
  group: z.string().min(1),
  command: z.string(),
  autostart: z.boolean(),
  startsecs: Int,
  startretries: Int,
  exitcodes: z.array(Int),
  stopsignal: Int,
  stopwaitsecs: Int,
  killasgroup: z.boolean(),
  redirect_stderr: z.boolean(),
  stdout_logfile: z.string(),
  stderr_logfile: z.string(),
  stdout_logfile_maxbytes: Int,
  stderr_logfile_maxbytes: Int,
  stdout_logfile_backups: Int,
  stderr_logfile_backups: Int,
  stdout_syslog: z.boolean().optional(),
  stderr_syslog: z.boolean().optional(),
});
export type PolicyConfigInfo = z.infer<typeof PolicyConfigInfo>;
export const PolicyConfigInfoList = z.array(z.unknown());

/** Picks one program's config out of a getAllConfigInfo reply, checked with zod. */
export function findConfigInfo(raw: unknown[], name: string, hostId: string): PolicyConfigInfo | null {
  for (const item of raw) {
    const c = parseWire(PolicyConfigInfo, item, "supervisor.getAllConfigInfo", hostId);
    if ((c.group === c.name ? c.name : `${c.group}:${c.name}`) === name) return c;
  }
  return null;
}

/** getAllConfigInfo leaves these out: they are known only from the files (null when those cannot be read). */
export const FILE_ONLY = ["autorestart", "stopasgroup"];

/** The values in force: getAllConfigInfo, plus what only the files say. */
export function policyValues(c: PolicyConfigInfo, def: ProcessDefinition | null): Record<string, PolicyValue | null> {
  const stopasgroup = def?.values.stopasgroup ?? null;
  return {
    autostart: c.autostart,
    autorestart: def?.values.autorestart ?? null,
    startsecs: c.startsecs,
    startretries: c.startretries,
    exitcodes: c.exitcodes,
    stopsignal: signalName(c.stopsignal),
    stopwaitsecs: c.stopwaitsecs,
    stopasgroup,
    killasgroup: c.killasgroup,
    redirect_stderr: c.redirect_stderr,
    // supervisord reports a log set to NONE as the word "none".
    stdout_logfile: c.stdout_logfile.toLowerCase() === "none" ? "NONE" : c.stdout_logfile,
    stderr_logfile: c.stderr_logfile.toLowerCase() === "none" ? "NONE" : c.stderr_logfile,
    stdout_logfile_maxbytes: c.stdout_logfile_maxbytes,
    stderr_logfile_maxbytes: c.stderr_logfile_maxbytes,
    stdout_logfile_backups: c.stdout_logfile_backups,
    stderr_logfile_backups: c.stderr_logfile_backups,
  };
}

/** Settings with their source: the file line that sets the key, or null for supervisord's default. */
export function policySettings(values: Record<string, PolicyValue | null>, sources: Record<string, string | null>): PolicySetting[] {
  return SUPERVISORD_FIELDS.map((f) => ({ key: f.key, value: values[f.key] ?? null, source: sources[f.key] ?? null }));
}
