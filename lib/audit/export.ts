import type { AuditEntry } from "@/lib/store/audit";

const COLUMNS = ["id", "at", "actor", "action", "target", "result", "detail", "address"] as const;

// A cell a spreadsheet would run as a formula is prefixed with a quote (OWASP CSV injection).
function cell(v: string | number | null): string {
  let s = v === null ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Audit entries as CSV (RFC 4180), time as ISO 8601. */
export function auditToCsv(entries: AuditEntry[]): string {
  const rows = entries.map((e) =>
    COLUMNS.map((c) => cell(c === "at" ? new Date(e.at).toISOString() : e[c])).join(","),
  );
  return [COLUMNS.join(","), ...rows].join("\r\n") + "\r\n";
}
