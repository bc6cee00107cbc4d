import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { User } from "@/lib/store/users";
import { getAuthDb } from "./db";
import { roleAtLeast, type Role } from "./roles";
import { resolveSession, SESSION_COOKIE } from "./sessions";

/** The signed-in user of a page, or null. */
export async function getPageUser(): Promise<User | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return resolveSession(getAuthDb(), token)?.user ?? null;
}

/**
 * For server components: the signed-in user, or a redirect to /login that comes back to `path`.
 * Returns null when signed in without `role` (the page shows what it needs).
 */
export async function requirePageUser(path: string, role: Role = "viewer"): Promise<{ user: User; allowed: boolean }> {
  const user = await getPageUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(path)}`);
  return { user, allowed: roleAtLeast(user.role, role) };
}
