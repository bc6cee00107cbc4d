import { z } from "zod";
import { getAuthDb } from "@/lib/auth/db";
import { changeOwnPassword } from "@/lib/auth/users";
import { json } from "@/lib/http/errors";
import { answerForm, isFormPost, readFields, seeOther } from "@/lib/http/form-post";
import { refuseGet, withRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const PasswordBody = z.object({ current: z.string().min(1).max(1024), next: z.string().min(1).max(1024) }).strict();

// POST /api/auth/password — change one's own password; every other session of the user ends
// (JSON, or the account page's form post answered with 303 back to it).
export const POST = withRoute({ role: "viewer" }, async ({ request, user, session, address }) => {
  const change = async () => {
    const { current, next } = await readFields(request, PasswordBody);
    await changeOwnPassword(getAuthDb(), user, current, next, session.tokenHash, address);
  };
  if (!isFormPost(request)) return change().then(() => json({ ok: true }));
  return answerForm("/account", async () => {
    await change();
    return seeOther("/account", { kind: "ok", text: "Password changed. Your other sessions have ended." });
  });
});

export const GET = refuseGet;
