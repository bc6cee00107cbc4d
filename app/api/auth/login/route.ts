import { z } from "zod";
import { getAuthDb } from "@/lib/auth/db";
import { isSecureRequest, sessionCookie } from "@/lib/auth/sessions";
import { signIn } from "@/lib/auth/sign-in";
import { json, parseBody } from "@/lib/http/errors";
import { refuseGet, withPublicAction } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const LoginBody = z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(1024) }).strict();

// POST /api/auth/login — checks name and password, sets the session cookie.
export const POST = withPublicAction(async (request, address) => {
  const { name, password } = await parseBody(request, LoginBody);
  const { token, user } = await signIn(getAuthDb(), name, password, address);
  return json(
    { user: { name: user.name, role: user.role } },
    { headers: { "Set-Cookie": sessionCookie(token, isSecureRequest(request)) } },
  );
});

export const GET = refuseGet;
