import { z } from "zod";
import { getAuthDb } from "@/lib/auth/db";
import { consumeSetupToken, isSetupTokenValid } from "@/lib/auth/setup";
import { checkPasswordStrength } from "@/lib/auth/password";
import { isSecureRequest, sessionCookie } from "@/lib/auth/sessions";
import { signIn } from "@/lib/auth/sign-in";
import { createUser, USER_NAME_PATTERN } from "@/lib/auth/users";
import { json } from "@/lib/http/errors";
import { answerForm, isFormPost, readFields, seeOther } from "@/lib/http/form-post";
import { refuseGet, withPublicAction } from "@/lib/http/route";
import { RespawnError } from "@/lib/util/errors";
import type { User } from "@/lib/store/users";

export const dynamic = "force-dynamic";

const SetupBody = z
  .object({ token: z.string().min(1).max(100), name: z.string().min(1).max(64), password: z.string().min(1).max(1024) })
  .strict();

/** Creates the first admin if the one-time token is still good; the input is checked before the token is spent. */
async function createFirstAdmin(body: z.infer<typeof SetupBody>, address: string | null): Promise<User> {
  const invalid = () => new RespawnError("FORBIDDEN", "this setup link is not valid (used, expired, or users exist)");
  if (!isSetupTokenValid(body.token)) throw invalid();
  if (!USER_NAME_PATTERN.test(body.name)) throw new RespawnError("INVALID", "a user name is 1–64 letters, digits, '.', '_', '@' or '-'");
  const weak = checkPasswordStrength(body.password, body.name);
  if (weak) throw new RespawnError("INVALID", weak);
  if (!consumeSetupToken(body.token)) throw invalid();
  const input = { name: body.name, role: "admin" as const, password: body.password };
  return createUser(getAuthDb(), input, { name: "setup-link", address });
}

// POST /api/auth/setup — creates the first admin with the one-time link printed at start
// (a form post, also without script, is signed in and sent to the overview).
export const POST = withPublicAction(async (request, address) => {
  if (!isFormPost(request)) {
    const user = await createFirstAdmin(await readFields(request, SetupBody), address);
    return json({ user: { name: user.name, role: user.role } });
  }
  const form = await readFields(request, SetupBody.partial()).catch(() => ({}) as Partial<z.infer<typeof SetupBody>>);
  const back = /^[A-Za-z0-9_-]{1,100}$/.test(form.token ?? "") ? `/setup/${form.token}` : "/login";
  return answerForm(back, async () => {
    const body = SetupBody.parse(form);
    await createFirstAdmin(body, address);
    const { token } = await signIn(getAuthDb(), body.name, body.password, address);
    return seeOther("/", null, [sessionCookie(token, isSecureRequest(request))]);
  });
});

export const GET = refuseGet;
