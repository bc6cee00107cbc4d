import { recordAudit } from "./record";
import { createRefusalLog, type RefusalLog } from "./refusals";
import type { AuditInput } from "./append";

const slot = globalThis as typeof globalThis & { __respawnRefusals?: RefusalLog };

/** Audits a refused request (cross-site, GET to an action URL), aggregated per kind and address. */
export function recordRefused(input: AuditInput): void {
  slot.__respawnRefusals ??= createRefusalLog({
    append: (entry, at) => recordAudit(entry, at),
    onError: (e) => console.error("respawn: could not audit a refused request:", e instanceof Error ? e.message : String(e)),
  });
  slot.__respawnRefusals.record(input);
}
