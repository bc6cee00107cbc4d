import { z } from "zod";
import { getAuthDb } from "@/lib/auth/db";
import { ROLES } from "@/lib/auth/roles";
import { createUser } from "@/lib/auth/users";
import { json } from "@/lib/http/errors";
import { answerForm, CommaList, isFormPost, readFields, seeOther } from "@/lib/http/form-post";
import { withRoute } from "@/lib/http/route";
import { listUsers } from "@/lib/store/users";

export const dynamic = "force-dynamic";

const NewUserBody = z
  .object({
    name: z.string().min(1).max(64),
    role: z.enum(ROLES),
    password: z.string().min(1).max(1024),
    hosts: z.array(z.string().min(1).max(63)).max(1000).nullable().optional(),
  })
  .strict();

const NewUserForm = NewUserBody.extend({ hosts: CommaList.optional() });

// GET /api/admin/users — every local user (never a password hash).
export const GET = withRoute({ role: "admin" }, () => json({ users: listUsers(getAuthDb()) }));

// POST /api/admin/users — create a user (audited); the admin page's form post is answered with 303 back to it.
export const POST = withRoute({ role: "admin" }, async ({ request, user, address }) => {
  const actor = { name: user.name, address };
  if (!isFormPost(request)) {
    const created = await createUser(getAuthDb(), await readFields(request, NewUserBody), actor);
    return json({ user: created }, { status: 201 });
  }
  return answerForm("/admin", async () => {
    const created = await createUser(getAuthDb(), await readFields(request, NewUserForm), actor);
    return seeOther("/admin", { kind: "ok", text: `${created.name} created` });
  });
});

