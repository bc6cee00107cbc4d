import { insertAudit } from "@/lib/store/audit";
import type { Db } from "@/lib/store/open-store";

export interface AuditInput {
  /** User name, or "anonymous" / "system" / "cli". */
  actor: string;
  /** Dotted verb: "process.restart", "auth.sign-in", "user.create", "request.refused"… */
  action: string;
  target?: string | null;
  /** "ok", "failed", "denied", "attempted"… */
  result: string;
  /** Short text safe to show an admin: never a password or token. */
  detail?: string | null;
  address?: string | null;
}

/** Appends one entry to the audit log of `db` (used directly by the admin CLI). */
export function appendAudit(db: Db, input: AuditInput, at = Date.now()): number {
  return insertAudit(db, {
    at,
    actor: input.actor.slice(0, 200),
    action: input.action.slice(0, 100),
    target: input.target?.slice(0, 1000) ?? null,
    result: input.result.slice(0, 50),
    detail: input.detail?.slice(0, 2000) ?? null,
    address: input.address ?? null,
  });
}
