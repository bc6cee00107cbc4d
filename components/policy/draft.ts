import type { PolicyChange, PolicyField, PolicyValue } from "./policy-api";

/** The editor's raw inputs: text per field (empty = leave as is), and fields whose Respawn value is dropped. */
export interface Draft {
  values: Record<string, string>;
  drop: ReadonlySet<string>;
}

export function draftFrom(change: PolicyChange | null): Draft {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(change ?? {})) {
    if (v !== null && v !== undefined) values[k] = Array.isArray(v) ? v.join(",") : String(v);
  }
  return { values, drop: new Set() };
}

function parseField(field: PolicyField, raw: string): PolicyValue | string {
  const kind = field.kind;
  switch (kind.type) {
    case "enum":
      return kind.options.includes(raw) ? raw : "choose one of the listed values";
    case "bool":
      return raw === "true" ? true : raw === "false" ? false : "choose true or false";
    case "int": {
      const n = Number(raw);
      return Number.isInteger(n) && n >= kind.min && n <= kind.max ? n : `a whole number from ${kind.min} to ${kind.max}`;
    }
    case "seconds": {
      const n = Number(raw);
      return Number.isFinite(n) && n >= kind.min && n <= kind.max ? n : `seconds from ${kind.min} to ${kind.max}`;
    }
    case "int-list": {
      const parts = raw.split(",").map((p) => p.trim());
      const nums = parts.map(Number);
      const ok = parts.every((p) => /^\d+$/.test(p)) && nums.every((n) => n >= kind.min && n <= kind.max);
      return ok ? nums : `numbers from ${kind.min} to ${kind.max}, separated by commas`;
    }
  }
}

/** The typed change of a draft, or the fields that do not parse and why. */
export function changeOf(fields: PolicyField[], draft: Draft): { change: PolicyChange; errors: Record<string, string> } {
  const change: PolicyChange = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    if (draft.drop.has(f.key)) {
      change[f.key] = null;
      continue;
    }
    const raw = (draft.values[f.key] ?? "").trim();
    if (raw === "") continue;
    const v = parseField(f, raw);
    if (typeof v === "string" && f.kind.type !== "enum") errors[f.key] = v;
    else if (f.kind.type === "enum" && !f.kind.options.includes(raw)) errors[f.key] = String(v);
    else change[f.key] = v;
  }
  return { change, errors };
}
