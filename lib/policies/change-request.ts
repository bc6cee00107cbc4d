import { z } from "zod";
import { RespawnError } from "@/lib/util/errors";

const RESERVED = new Set(["__proto__", "constructor", "prototype"]);

/**
 * The `change` of a policy request as sent: an object with at least one key, none of them an
 * object-model name. A `{"__proto__": …}` change used to parse as `{}` and still write an empty
 * drop-in folder and reload the manager; an empty change now runs nothing.
 */
export const RequestedChange = z.unknown().transform((raw, ctx): Record<string, unknown> => {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    ctx.addIssue({ code: "custom", message: "must be an object of policy fields" });
    return z.NEVER;
  }
  const entries = Object.entries(raw);
  const reserved = entries.find(([k]) => RESERVED.has(k));
  if (reserved) {
    ctx.addIssue({ code: "custom", message: `"${reserved[0]}" is not a policy field` });
    return z.NEVER;
  }
  if (entries.length === 0) {
    ctx.addIssue({ code: "custom", message: "the change is empty: nothing to apply" });
    return z.NEVER;
  }
  return Object.fromEntries(entries);
});

/** POST /api/processes/:id/policy body. */
export const ApplyPolicyBody = z.object({ change: RequestedChange, resetAndStart: z.boolean().optional() }).strict();

/** POST /api/processes/:id/policy/plan body. */
export const PlanPolicyBody = z.object({ change: RequestedChange }).strict();

/** A change that parsed to nothing (every key dropped) is refused before any host is touched. */
export function assertNotEmpty(change: Record<string, unknown>): void {
  if (Object.keys(change).length === 0) throw new RespawnError("INVALID", "the policy change is empty: nothing was written or reloaded");
}
