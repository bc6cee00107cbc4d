/**
 * Restart policies: the part of the Connector that reads and writes how a process is restarted.
 * The editable settings of each manager are listed here as typed fields, so a form, the zod
 * schema of a change and the file writers all share one definition: no free text reaches a file.
 */
import { z } from "zod";
import { RespawnError } from "@/lib/util/errors";
import type { Manager } from "./types";

export type PolicyValue = string | number | boolean | number[];

/** A change: each key set to a typed value, or to null to drop Respawn's setting (back to what the files say). */
export type PolicyChange = Record<string, PolicyValue | null>;

export type FieldKind =
  | { type: "enum"; options: readonly string[] }
  | { type: "int"; min: number; max: number; unit?: string }
  | { type: "seconds"; min: number; max: number }
  | { type: "bool" }
  | { type: "int-list"; min: number; max: number };

export interface PolicyField {
  key: string;
  label: string;
  kind: FieldKind;
  /** systemd: the unit-file section the key belongs to. */
  section?: "Unit" | "Service";
  /** Only shown when the manager reports it (newer systemd versions). */
  optional?: boolean;
}

const SYSTEMD_OUTPUTS = ["inherit", "null", "tty", "journal", "kmsg", "journal+console", "kmsg+console"] as const;

export const SYSTEMD_FIELDS: readonly PolicyField[] = [
  { key: "Restart", label: "Restart", section: "Service", kind: { type: "enum", options: ["no", "on-success", "on-failure", "on-abnormal", "on-watchdog", "on-abort", "always"] } },
  { key: "RestartSec", label: "Delay before a restart", section: "Service", kind: { type: "seconds", min: 0, max: 86_400 } },
  { key: "StartLimitIntervalSec", label: "Start limit interval", section: "Unit", kind: { type: "seconds", min: 0, max: 86_400 } },
  { key: "StartLimitBurst", label: "Starts allowed in the interval", section: "Unit", kind: { type: "int", min: 0, max: 10_000 } },
  { key: "StartLimitAction", label: "When the start limit is hit", section: "Unit", kind: { type: "enum", options: ["none", "reboot", "reboot-force", "reboot-immediate", "poweroff", "poweroff-force", "poweroff-immediate", "exit", "exit-force"] } },
  { key: "KillMode", label: "Kill mode", section: "Service", kind: { type: "enum", options: ["control-group", "mixed", "process", "none"] } },
  { key: "TimeoutStopSec", label: "Stop timeout", section: "Service", kind: { type: "seconds", min: 0, max: 86_400 } },
  { key: "StandardOutput", label: "Standard output", section: "Service", kind: { type: "enum", options: SYSTEMD_OUTPUTS } },
  { key: "StandardError", label: "Standard error", section: "Service", kind: { type: "enum", options: SYSTEMD_OUTPUTS } },
  { key: "RestartSteps", label: "Restart steps", section: "Service", optional: true, kind: { type: "int", min: 0, max: 3_000 } },
  { key: "RestartMaxDelaySec", label: "Longest restart delay", section: "Service", optional: true, kind: { type: "seconds", min: 0, max: 86_400 } },
];

const SIGNALS = ["TERM", "HUP", "INT", "QUIT", "KILL", "USR1", "USR2"] as const;
const bytes = { type: "int", min: 0, max: 1024 ** 4, unit: "bytes" } as const;
const backups = { type: "int", min: 0, max: 1_000 } as const;

export const SUPERVISORD_FIELDS: readonly PolicyField[] = [
  { key: "autostart", label: "Start with supervisord", kind: { type: "bool" } },
  { key: "autorestart", label: "Restart when it exits", kind: { type: "enum", options: ["true", "false", "unexpected"] } },
  { key: "startsecs", label: "Seconds up to count as started", kind: { type: "int", min: 0, max: 3_600 } },
  { key: "startretries", label: "Start retries", kind: { type: "int", min: 0, max: 100 } },
  { key: "exitcodes", label: "Expected exit codes", kind: { type: "int-list", min: 0, max: 255 } },
  { key: "stopsignal", label: "Stop signal", kind: { type: "enum", options: SIGNALS } },
  { key: "stopwaitsecs", label: "Seconds to wait after the stop signal", kind: { type: "int", min: 1, max: 3_600 } },
  { key: "stopasgroup", label: "Stop the whole process group", kind: { type: "bool" } },
  { key: "killasgroup", label: "Kill the whole process group", kind: { type: "bool" } },
  { key: "redirect_stderr", label: "Send stderr to the stdout log", kind: { type: "bool" } },
  { key: "stdout_logfile", label: "stdout log", kind: { type: "enum", options: ["AUTO"] } },
  { key: "stderr_logfile", label: "stderr log", kind: { type: "enum", options: ["AUTO"] } },
  { key: "stdout_logfile_maxbytes", label: "stdout log size limit", kind: bytes },
  { key: "stderr_logfile_maxbytes", label: "stderr log size limit", kind: bytes },
  { key: "stdout_logfile_backups", label: "stdout log backups", kind: backups },
  { key: "stderr_logfile_backups", label: "stderr log backups", kind: backups },
];

export const POLICY_FIELDS: Record<Manager, readonly PolicyField[]> = {
  systemd: SYSTEMD_FIELDS,
  supervisord: SUPERVISORD_FIELDS,
};

function fieldSchema(kind: FieldKind): z.ZodType<PolicyValue> {
  switch (kind.type) {
    case "enum":
      return z.enum(kind.options as [string, ...string[]]);
    case "int":
      return z.number().int().min(kind.min).max(kind.max);
    case "seconds":
      // Whole milliseconds: nothing finer reaches a file.
      return z.number().min(kind.min).max(kind.max).refine((v) => Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6, "at most 3 decimals");
    case "bool":
      return z.boolean();
    case "int-list":
      return z.array(z.number().int().min(kind.min).max(kind.max)).min(1).max(32);
  }
}

/** The zod schema of a change for one manager: known keys only, each typed; null drops the setting. */
export function policyChangeSchema(manager: Manager): z.ZodType<PolicyChange> {
  const shape: Record<string, z.ZodType> = {};
  for (const f of POLICY_FIELDS[manager]) shape[f.key] = fieldSchema(f.kind).nullable().optional();
  return z.strictObject(shape) as unknown as z.ZodType<PolicyChange>;
}

/** One setting in force and where it comes from. */
export interface PolicySetting {
  key: string;
  /** The value in force; null when the manager does not report it. */
  value: PolicyValue | null;
  /** The file that sets it (`path:line`), or null for the manager's default. */
  source: string | null;
}

export interface ProcessPolicy {
  manager: Manager;
  name: string;
  settings: PolicySetting[];
  /** The files that define the process, in the order the manager reads them. */
  files: string[];
  /** The file Respawn writes for this process (its drop-in, or the config file with its section). */
  target: string | null;
  /** Why Respawn cannot write here (remote host, no access…), null when it can. */
  readOnlyReason: string | null;
  /** What Respawn's own file or section sets now, for every editable key (null = not set there). */
  owned: PolicyChange;
  /** Keys the editor must leave alone, each with why (e.g. written with a %(…)s expansion). */
  fixed?: Record<string, string>;
  /** Facts the advisor needs (command line, unit type, version). */
  facts: Record<string, string | number | boolean | null>;
  /** True when applying a change restarts the process (supervisord removes and adds its group). */
  applyRestarts: boolean;
}

export interface PolicyPlan {
  path: string;
  before: string;
  after: string;
  /** The change with every editable key, as it will be in force in Respawn's file after applying. */
  owned: PolicyChange;
  applyRestarts: boolean;
  readOnlyReason: string | null;
}

export interface PolicyApplyOptions {
  /** systemd: reset a unit that gave up and start it once the new policy is loaded. */
  resetAndStart?: boolean;
}

export interface PolicyApplyResult {
  ok: boolean;
  /** One line for the user, e.g. "applied; supervisord reloaded and restarted web". */
  message: string;
  path: string;
  before: string;
  after: string;
  /** Respawn's owned values before and after (after = before when rolled back). */
  ownedBefore: PolicyChange;
  ownedAfter: PolicyChange;
  /** True when the manager refused the change and the previous file was put back. */
  rolledBack: boolean;
  /** The policy read back after the change; null when it could not be read. */
  policy: ProcessPolicy | null;
}

/** The part of a Connector that reads and writes restart policies. */
export interface PolicyConnector {
  readPolicy(name: string, signal: AbortSignal): Promise<ProcessPolicy>;
  /** Computes the exact file change without writing anything. */
  planPolicy(name: string, change: PolicyChange, signal: AbortSignal): Promise<PolicyPlan>;
  /** Writes the change safely, has the manager load it, reads it back. Never retried. */
  applyPolicy(name: string, change: PolicyChange, options: PolicyApplyOptions, signal: AbortSignal): Promise<PolicyApplyResult>;
}

/** Validates a change for one manager; any unknown key or bad value is INVALID naming the field. */
export function parsePolicyChange(manager: Manager, raw: unknown): PolicyChange {
  const r = policyChangeSchema(manager).safeParse(raw);
  if (r.success) return r.data;
  const detail = r.error.issues.map((i) => `${i.path.join(".") || "change"}: ${i.message}`).join("; ");
  throw new RespawnError("INVALID", `the policy change is not valid: ${detail.slice(0, 300)}`);
}
