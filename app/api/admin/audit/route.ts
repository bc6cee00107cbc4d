import { z } from "zod";
import { getAuthDb } from "@/lib/auth/db";
import { auditToCsv } from "@/lib/audit/export";
import { json } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";
import { queryAudit } from "@/lib/store/audit";

export const dynamic = "force-dynamic";

const time = z.union([z.coerce.number().int(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

const AuditQuery = z.object({
  actor: z.string().min(1).max(200).optional(),
  action: z.string().min(1).max(100).optional(),
  target: z.string().min(1).max(1000).optional(),
  from: time.optional(),
  to: time.optional(),
  beforeId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100_000).default(200),
  format: z.enum(["json", "csv"]).default("json"),
});

// GET /api/admin/audit — the audit log, newest first, filtered; ?format=csv|json downloads it.
export const GET = withRoute({ role: "admin" }, ({ request }) => {
  const raw = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const q = AuditQuery.parse(raw);
  const entries = queryAudit(getAuthDb(), q);
  if (q.format === "csv") {
    return new Response(auditToCsv(entries), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="respawn-audit.csv"',
        "Cache-Control": "no-store",
      },
    });
  }
  const download = new URL(request.url).searchParams.get("format") === "json";
  return json({ entries }, download ? { headers: { "Content-Disposition": 'attachment; filename="respawn-audit.json"' } } : {});
});
