import { z } from "zod";
import { assertProcessVisible } from "@/lib/auth/host-scope";
import { json, parseBody } from "@/lib/http/errors";
import { refuseGet, withRoute } from "@/lib/http/route";
import { RespawnError } from "@/lib/util/errors";
import { applyView, restoreProcessPolicy } from "@/lib/policies/verbs";

export const dynamic = "force-dynamic";

const RestoreBody = z.object({ which: z.enum(["before", "after"]), resetAndStart: z.boolean().optional() }).strict();

// POST /api/processes/:id/policy/history/:entryId/restore — put back the version before/after a change (admin, audited).
export const POST = withRoute<{ id: string; entryId: string }>({ role: "admin" }, async ({ request, params, user, audit }) => {
  assertProcessVisible(user, params.id);
  const entryId = Number(params.entryId);
  if (!Number.isSafeInteger(entryId) || entryId <= 0) throw new RespawnError("NOT_FOUND", "no such policy change");
  const { which, resetAndStart } = await parseBody(request, RestoreBody);
  const result = await restoreProcessPolicy({ name: user.name, audit }, params.id, entryId, which, { resetAndStart });
  return json(applyView(result));
});

export const GET = refuseGet;
