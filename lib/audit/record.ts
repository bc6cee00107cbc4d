import { getAuthDb } from "@/lib/auth/db";
import { appendAudit, type AuditInput } from "./append";

export type { AuditInput };

/**
 * Appends an entry to the audit log, synchronously: when this returns, it is stored. A store
 * failure throws, so the caller does not report success for something it could not record.
 */
export function recordAudit(input: AuditInput, at = Date.now()): number {
  return appendAudit(getAuthDb(), input, at);
}
