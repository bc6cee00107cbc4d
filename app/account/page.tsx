import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { FLASH_COOKIE, readFlash } from "@/lib/http/form-post";
import { requirePageUser } from "@/lib/auth/page";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const { user } = await requirePageUser("/account");
  const flash = readFlash((await cookies()).get(FLASH_COOKIE)?.value);
  return (
    <main className="flex flex-col gap-4 p-6">
      <h1 className="text-lg font-semibold">Your account</h1>
      <p>
        {user.name}, {user.role}
        {user.hosts ? `, limited to ${user.hosts.join(", ")}` : ""}
      </p>
      <PasswordForm flash={flash?.text} />
      <Link className="underline" href="/">
        Back to the overview
      </Link>
    </main>
  );
}
