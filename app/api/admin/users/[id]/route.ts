import { z } from "zod";
import { getAuthDb } from "@/lib/auth/db";
import { ROLES } from "@/lib/auth/roles";
import { updateUserAsAdmin } from "@/lib/auth/users";
import { json } from "@/lib/http/errors";
import { answerForm, CommaList, readFields, seeOther } from "@/lib/http/form-post";
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

// One row of the admin page's user table, posted as a form (also without script).
const RowForm = z
  .object({
    intent: z.enum(["save", "disable", "enable", "password"]),
    role: z.enum(ROLES).optional(),
    hosts: CommaList.optional(),
    password: z.string().max(1024).optional(),
  })
  .strict();

/** The change a row's button asks for: its own fields only. */
function rowChange(row: z.infer<typeof RowForm>): z.infer<typeof UserChange> {
  if (row.intent === "disable" || row.intent === "enable") return { disabled: row.intent === "disable" };
  if (row.intent === "password") return UserChange.parse({ password: row.password ?? "" });
  return { role: row.role, hosts: row.hosts ?? null };
}

function userId(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new RespawnError("NOT_FOUND", "no such user");
  return id;
}

// PUT /api/admin/users/:id — change role, hosts, disabled or password; the user's sessions end.
export const PUT = withRoute<{ id: string }>({ role: "admin" }, async ({ request, params, user, address }) => {
  const id = userId(params.id);
  const change = await readFields(request, UserChange);
  return json({ user: await updateUserAsAdmin(getAuthDb(), id, change, { name: user.name, address }) });
});

// POST /api/admin/users/:id — the same change as a form post from the admin page, answered with 303 back to it.
export const POST = withRoute<{ id: string }>({ role: "admin" }, async ({ request, params, user, address }) =>
  answerForm("/admin", async () => {
    const changed = await updateUserAsAdmin(getAuthDb(), userId(params.id), rowChange(await readFields(request, RowForm)), { name: user.name, address });
    return seeOther("/admin", { kind: "ok", text: `${changed.name} changed; their sessions ended` });
  }),
);

export const GET = refuseGet;
