import { z } from "zod";
import { getAuthDb } from "@/lib/auth/db";
import { changeOwnPassword } from "@/lib/auth/users";
import { json, parseBody } from "@/lib/http/errors";
import { refuseGet, withRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const PasswordBody = z.object({ current: z.string().min(1).max(1024), next: z.string().min(1).max(1024) }).strict();

// POST /api/auth/password — change one's own password; every other session of the user ends.
export const POST = withRoute({ role: "viewer" }, async ({ request, user, session, address }) => {
  const { current, next } = await parseBody(request, PasswordBody);
  await changeOwnPassword(getAuthDb(), user, current, next, session.tokenHash, address);
  return json({ ok: true });
});

export const GET = refuseGet;
