import { z } from "zod";
import { getAuthDb } from "@/lib/auth/db";
import { ROLES } from "@/lib/auth/roles";
import { createUser } from "@/lib/auth/users";
import { json, parseBody } from "@/lib/http/errors";
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

// GET /api/admin/users — every local user (never a password hash).
export const GET = withRoute({ role: "admin" }, () => json({ users: listUsers(getAuthDb()) }));

// POST /api/admin/users — create a user (audited).
export const POST = withRoute({ role: "admin" }, async ({ request, user, address }) => {
  const body = await parseBody(request, NewUserBody);
  const created = await createUser(getAuthDb(), body, { name: user.name, address });
  return json({ user: created }, { status: 201 });
});

