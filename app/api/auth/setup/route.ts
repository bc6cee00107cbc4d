import { z } from "zod";
import { getAuthDb } from "@/lib/auth/db";
import { consumeSetupToken, isSetupTokenValid } from "@/lib/auth/setup";
import { checkPasswordStrength } from "@/lib/auth/password";
import { createUser, USER_NAME_PATTERN } from "@/lib/auth/users";
import { json, parseBody } from "@/lib/http/errors";
import { refuseGet, withPublicAction } from "@/lib/http/route";
import { RespawnError } from "@/lib/util/errors";

export const dynamic = "force-dynamic";

const SetupBody = z
  .object({ token: z.string().min(1).max(100), name: z.string().min(1).max(64), password: z.string().min(1).max(1024) })
  .strict();

// POST /api/auth/setup — creates the first admin with the one-time link printed at start.
export const POST = withPublicAction(async (request, address) => {
  const body = await parseBody(request, SetupBody);
  const invalid = () => new RespawnError("FORBIDDEN", "this setup link is not valid (used, expired, or users exist)");
  if (!isSetupTokenValid(body.token)) throw invalid();
  // Check the input before the token is spent, so a weak password can be corrected.
  if (!USER_NAME_PATTERN.test(body.name)) throw new RespawnError("INVALID", "a user name is 1–64 letters, digits, '.', '_', '@' or '-'");
  const weak = checkPasswordStrength(body.password, body.name);
  if (weak) throw new RespawnError("INVALID", weak);
  if (!consumeSetupToken(body.token)) throw invalid();
  const input = { name: body.name, role: "admin" as const, password: body.password };
  const user = await createUser(getAuthDb(), input, { name: "setup-link", address });
  return json({ user: { name: user.name, role: user.role } });
});

export const GET = refuseGet;
