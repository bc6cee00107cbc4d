import { SYSTEMD_FIELDS, policyChangeSchema, type PolicyChange, type PolicyValue } from "@/lib/connectors/policy";
import { RespawnError } from "@/lib/util/errors";
import { KEY_SPELLINGS, parseUnitFile, type Assignment } from "./unit-syntax";

/** The drop-in Respawn owns in a unit's `<unit>.d/` folder. */
export const DROPIN_NAME = "50-respawn.conf";

const HEADER = [
  "# Restart policy set from the Respawn dashboard.",
  "# Respawn rewrites this file when the policy is changed there; edits made here are replaced.",
];

export type { Assignment } from "./unit-syntax";
export { parseUnitFile };

/** True when an assignment sets the given policy key (by any of its spellings, in a section systemd takes it in). */
export function assigns(a: Assignment, key: string): boolean {
  const field = SYSTEMD_FIELDS.find((f) => f.key === key);
  const spellings = KEY_SPELLINGS[key] ?? { [field?.section ?? "Service"]: [key] };
  return (spellings[a.section] ?? []).includes(a.key);
}

/** True when an assignment names the policy key (any spelling) in a section systemd ignores it in. */
export function misplaced(a: Assignment, key: string): boolean {
  const field = SYSTEMD_FIELDS.find((f) => f.key === key);
  const spellings = KEY_SPELLINGS[key] ?? { [field?.section ?? "Service"]: [key] };
  const all = new Set(Object.values(spellings).flat());
  return all.has(a.key) && !(spellings[a.section] ?? []).includes(a.key) && (a.section === "Unit" || a.section === "Service" || a.section === "Install");
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
