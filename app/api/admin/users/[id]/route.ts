import { z } from "zod";
import { getAuthDb } from "@/lib/auth/db";
import { ROLES } from "@/lib/auth/roles";
import { updateUserAsAdmin } from "@/lib/auth/users";
import { json, parseBody } from "@/lib/http/errors";
import { refuseGet, withRoute } from "@/lib/http/route";
import { RespawnError } from "@/lib/util/errors";

export const dynamic = "force-dynamic";

const UserChange = z
  .object({
    role: z.enum(ROLES).optional(),
    hosts: z.array(z.string().min(1).max(63)).max(1000).nullable().optional(),
    disabled: z.boolean().optional(),
    password: z.string().min(1).max(1024).optional(),
  })
  .strict();

// PUT /api/admin/users/:id — change role, hosts, disabled or password; the user's sessions end.
export const PUT = withRoute<{ id: string }>({ role: "admin" }, async ({ request, params, user, address }) => {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new RespawnError("NOT_FOUND", "no such user");
  const change = await parseBody(request, UserChange);
  return json({ user: await updateUserAsAdmin(getAuthDb(), id, change, { name: user.name, address }) });
});

export const GET = refuseGet;
