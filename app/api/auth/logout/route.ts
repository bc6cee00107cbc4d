import { getAuthDb } from "@/lib/auth/db";
import { isSecureRequest, sessionCookie } from "@/lib/auth/sessions";
import { signOut } from "@/lib/auth/sign-in";
import { json } from "@/lib/http/errors";
import { refuseGet, withRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// POST /api/auth/logout — ends every session of the signed-in user and clears the cookie.
export const POST = withRoute({ role: "viewer" }, ({ request, user, address }) => {
  signOut(getAuthDb(), user, address);
  return json({ ok: true }, { headers: { "Set-Cookie": sessionCookie("", isSecureRequest(request)) } });
});

export const GET = refuseGet;
