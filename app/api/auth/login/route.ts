import { z } from "zod";
import { getAuthDb } from "@/lib/auth/db";
import { safeNextPath } from "@/lib/auth/public-paths";
import { isSecureRequest, sessionCookie } from "@/lib/auth/sessions";
import { signIn } from "@/lib/auth/sign-in";
import { json } from "@/lib/http/errors";
import { answerForm, isFormPost, readFields, seeOther } from "@/lib/http/form-post";
import { refuseGet, withPublicAction } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const LoginBody = z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(1024) }).strict();
// The sign-in page's form (also without script): the same fields, and where to go after.
const LoginForm = LoginBody.extend({ next: z.string().max(2000).optional() });

// POST /api/auth/login — checks name and password, sets the session cookie (JSON, or a form post answered with 303).
export const POST = withPublicAction(async (request, address) => {
  if (!isFormPost(request)) {
    const { name, password } = await readFields(request, LoginBody);
    const { token, user } = await signIn(getAuthDb(), name, password, address);
    const cookie = sessionCookie(token, isSecureRequest(request));
    return json({ user: { name: user.name, role: user.role } }, { headers: { "Set-Cookie": cookie } });
  }
  const form = await readFields(request, LoginForm).catch(() => null);
  const next = safeNextPath(form?.next);
  return answerForm(`/login?next=${encodeURIComponent(next)}`, async () => {
    const { name, password } = LoginBody.parse({ name: form?.name, password: form?.password });
    const { token } = await signIn(getAuthDb(), name, password, address);
    return seeOther(next, null, [sessionCookie(token, isSecureRequest(request))]);
  });
});

export const GET = refuseGet;
