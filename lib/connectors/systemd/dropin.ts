import { SYSTEMD_FIELDS, policyChangeSchema, type PolicyChange, type PolicyValue } from "@/lib/connectors/policy";
import { RespawnError } from "@/lib/util/errors";

/** The drop-in Respawn owns in a unit's `<unit>.d/` folder. */
export const DROPIN_NAME = "50-respawn.conf";

const HEADER = [
  "# Restart policy set from the Respawn dashboard.",
  "# Respawn rewrites this file when the policy is changed there; edits made here are replaced.",
];

/** Key spellings systemd accepts for the same setting (older names, and [Service] for start limits). */
const ALIASES: Record<string, { keys: string[]; sections: string[] }> = {
  StartLimitIntervalSec: { keys: ["StartLimitIntervalSec", "StartLimitInterval"], sections: ["Unit", "Service"] },
  StartLimitBurst: { keys: ["StartLimitBurst"], sections: ["Unit", "Service"] },
  StartLimitAction: { keys: ["StartLimitAction"], sections: ["Unit", "Service"] },
};

export interface Assignment {
  section: string;
  key: string;
  value: string;
  line: number;
}

/** Parses a unit file's `Key=value` lines (comments, blank lines and `\` continuations handled). */
export function parseUnitFile(text: string): Assignment[] {
  const out: Assignment[] = [];
  const lines = text.split("\n");
  let section = "";
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = (lines[i] ?? "").trim();
    while (line.endsWith("\\") && i + 1 < lines.length) line = `${line.slice(0, -1)} ${(lines[++i] ?? "").trim()}`;
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = header[1] ?? "";
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    out.push({ section, key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim(), line: start + 1 });
  }
  return out;
}

/** True when an assignment sets the given policy key (by any of its spellings, in a valid section). */
export function assigns(a: Assignment, key: string): boolean {
  const field = SYSTEMD_FIELDS.find((f) => f.key === key);
  const alias = ALIASES[key] ?? { keys: [key], sections: [field?.section ?? "Service"] };
  return alias.keys.includes(a.key) && alias.sections.includes(a.section);
}

/** Formats seconds the way systemd parses them: plain decimal, no exponent, at most ms. */
export function formatSeconds(v: number): string {
  return (Math.round(v * 1000) / 1000).toFixed(3).replace(/\.?0+$/, "");
}

function renderValue(v: PolicyValue): string {
  if (typeof v === "number") return formatSeconds(v);
  if (typeof v === "string") return v;
  throw new RespawnError("INVALID", "systemd policy values are words or numbers");
}

/**
 * Renders the drop-in for the owned values (already validated). Values are enum words or numbers
 * only, and each is checked again here, so neither a newline nor a `%` specifier can get in.
 */
export function renderDropIn(owned: PolicyChange): string | null {
  const valid = policyChangeSchema("systemd").parse(owned);
  const sections: Record<"Unit" | "Service", string[]> = { Unit: [], Service: [] };
  for (const f of SYSTEMD_FIELDS) {
    const v = valid[f.key];
    if (v === null || v === undefined) continue;
    const text = renderValue(v);
    if (!/^[A-Za-z0-9.+-]+$/.test(text)) throw new RespawnError("INVALID", `refused value for ${f.key}`);
    sections[f.section ?? "Service"].push(`${f.key}=${text}`);
  }
  if (sections.Unit.length === 0 && sections.Service.length === 0) return null;
  const parts = [HEADER.join("\n")];
  if (sections.Unit.length > 0) parts.push(["[Unit]", ...sections.Unit].join("\n"));
  if (sections.Service.length > 0) parts.push(["[Service]", ...sections.Service].join("\n"));
  return `${parts.join("\n\n")}\n`;
}

/** Reads Respawn's drop-in back into owned values; anything unknown or invalid there is ignored. */
export function parseDropIn(text: string | null): PolicyChange {
  const owned: PolicyChange = Object.fromEntries(SYSTEMD_FIELDS.map((f) => [f.key, null]));
  if (!text) return owned;
  const schema = policyChangeSchema("systemd");
  for (const a of parseUnitFile(text)) {
    const field = SYSTEMD_FIELDS.find((f) => assigns(a, f.key));
    if (!field) continue;
    const raw = field.kind.type === "enum" ? a.value : Number(a.value.replace(/s$/, ""));
    const r = schema.safeParse({ [field.key]: raw });
    if (r.success) owned[field.key] = r.data[field.key] ?? null;
  }
  return owned;
}

/** Owned values with a change laid over them (undefined keys keep their value). */
export function mergeOwned(owned: PolicyChange, change: PolicyChange): PolicyChange {
  const out: PolicyChange = { ...owned };
  for (const [k, v] of Object.entries(change)) if (v !== undefined) out[k] = v;
  return out;
}
