/**
 * Where a supervisord process's restart policy comes from: its configuration read with
 * supervisord's rules (ini/), the section that defines the process, the values that section sets
 * (what Respawn may edit), the ones it cannot edit (written with %(…)s expansions) and why.
 */
import { readFile } from "node:fs/promises";
import os from "node:os";
import { SUPERVISORD_FIELDS, type PolicyChange, type PolicyValue } from "@/lib/connectors/policy";
import { readSupervisordConfig, type SupervisordConfig } from "./ini/config-groups";
import { ownAssignments } from "./ini/config-edit";
import type { ProcessDefinition, SupervisordValues } from "./ini/config-processes";
import { SupervisordConfigError, type ReadContext } from "./ini/config-read";
import { hasExpansion } from "./ini/py-format";
import * as t from "./ini/py-values";

/** supervisord's environment (its %(ENV_X)s names), read from /proc; this process's when it cannot be read. */
export async function envOfPid(pid: number | null): Promise<Record<string, string>> {
  const raw = pid ? await readFile(/*turbopackIgnore: true*/ `/proc/${pid}/environ`, "latin1").catch(() => null) : null;
  if (raw === null) return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === "string"));
  const out: Record<string, string> = {};
  for (const pair of Buffer.from(raw, "latin1").toString("utf8").split("\0")) {
    const i = pair.indexOf("=");
    if (i > 0) out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

export type ConfigReading = { ok: true; cfg: SupervisordConfig } | { ok: false; reason: string };

/** Reads the whole configuration; a configuration supervisord would refuse is a reason, not a throw. */
export async function readConfig(mainPath: string, ctx: Omit<ReadContext, "hostname"> & { hostname?: string }): Promise<ConfigReading> {
  try {
    return { ok: true, cfg: await readSupervisordConfig(mainPath, { ...ctx, hostname: ctx.hostname ?? os.hostname() }) };
  } catch (e) {
    if (e instanceof SupervisordConfigError) return { ok: false, reason: `supervisord's configuration cannot be read as supervisord reads it: ${e.message}` };
    throw e;
  }
}

export function findDefinition(cfg: SupervisordConfig, group: string, name: string): ProcessDefinition | null {
  return cfg.processes.find((p) => p.group === group && p.name === name) ?? null;
}

/** A value supervisord holds, in the shape of Respawn's field (stopsignal as a name). */
export function fieldValue(key: string, v: SupervisordValues): PolicyValue | null {
  const raw = (v as unknown as Record<string, PolicyValue | undefined>)[key];
  if (key === "stopsignal") return t.signalName(v.stopsignal);
  return raw ?? null;
}

/** A written value as the form holds it; null when the form cannot hold it (a log path, a rare signal). */
function formValue(key: string, raw: string): PolicyValue | null {
  try {
    const field = SUPERVISORD_FIELDS.find((f) => f.key === key);
    if (!field) return null;
    switch (field.kind.type) {
      case "bool":
        return t.boolean(raw);
      case "int":
        return key.endsWith("maxbytes") ? t.byteSize(raw) : t.integer(raw);
      case "int-list": {
        const codes = t.exitcodes(raw);
        return codes.length ? codes : null;
      }
      case "enum": {
        const v = key === "autorestart" ? t.autoRestart(raw) : key === "stopsignal" ? t.signalName(t.signalNumber(raw)) : t.logfileName(raw);
        return field.kind.options.includes(v) ? v : null;
      }
      default:
        return null;
    }
  } catch {
    return null;
  }
}

export interface OwnedValues {
  /** What the section itself sets, for every field the form can hold (null = not set in the section). */
  owned: PolicyChange;
  /** Fields the editor must leave alone, with why. */
  fixed: Record<string, string>;
}

/** The values the process's own section sets, and the ones written with expansions (left to the user). */
export function ownedValues(cfg: SupervisordConfig, def: ProcessDefinition): OwnedValues {
  const owned: PolicyChange = {};
  const fixed: Record<string, string> = {};
  for (const f of SUPERVISORD_FIELDS) {
    const own = ownAssignments(cfg.store, def.section, f.key).at(-1);
    if (!own) {
      owned[f.key] = null;
      continue;
    }
    const where = `${own.file}:${own.line}`;
    if (hasExpansion(own.value)) {
      fixed[f.key] = `${where} writes it with a %(…)s expansion (${own.value.slice(0, 80)}), which supervisord fills in when it reads the file; change that line by hand`;
      continue;
    }
    const v = formValue(f.key, own.value);
    // A value the form cannot hold (a log path) is left out, so no change or rollback removes it.
    if (v !== null) owned[f.key] = v;
  }
  return { owned, fixed };
}

/** "file:line" of each field's source; null for supervisord's default. */
export function sourcesOf(def: ProcessDefinition): Record<string, string | null> {
  return Object.fromEntries(SUPERVISORD_FIELDS.map((f) => {
    const o = def.sources[f.key as keyof SupervisordValues];
    return [f.key, o ? `${o.file}:${o.line}` : null];
  }));
}
