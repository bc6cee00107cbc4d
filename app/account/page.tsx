import Link from "next/link";
import { requirePageUser } from "@/lib/auth/page";
import { PasswordForm } from "./password-form";

export default async function AccountPage() {
  const { user } = await requirePageUser("/account");
  return (
    <main className="flex flex-col gap-4 p-6">
      <h1 className="text-lg font-semibold">Your account</h1>
      <p>
        {user.name}, {user.role}
        {user.hosts ? `, limited to ${user.hosts.join(", ")}` : ""}
      </p>
      <PasswordForm />
      <Link className="underline" href="/">
        Back to the overview
      </Link>
    </main>
  );
}
