import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { FLASH_COOKIE, readFlash } from "@/lib/http/form-post";
import { getPageUser } from "@/lib/auth/page";
import { safeNextPath } from "@/lib/auth/public-paths";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const raw = (await searchParams).next;
  const next = safeNextPath(Array.isArray(raw) ? raw[0] : raw);
  if (await getPageUser()) redirect(next);
  const flash = readFlash((await cookies()).get(FLASH_COOKIE)?.value);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-4">
      <h1 className="text-lg font-semibold">Respawn: sign in</h1>
      <LoginForm next={next} flash={flash?.text} />
    </main>
  );
}
