/**
 * How Respawn writes one value into a supervisord config file. Reading and editing the files
 * with supervisord's own rules lives in ini/ (config-read, config-groups, config-edit).
 */
import type { PolicyValue } from "@/lib/connectors/policy";
import { RespawnError } from "@/lib/util/errors";

/** Renders one validated value the way supervisord reads it back. */
export function renderValue(v: PolicyValue): string {
  const text = Array.isArray(v) ? v.join(",") : String(v);
  // Values are enum words, numbers and booleans only: no %, newline, comment or section can get in.
  if (!/^[A-Za-z0-9,_-]+$/.test(text)) throw new RespawnError("INVALID", "refused a value that is not a plain word or number");
  return text;
}
