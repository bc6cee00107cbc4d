import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { getAuthDb } from "@/lib/auth/db";
import { FLASH_COOKIE, readFlash } from "@/lib/http/form-post";
import { listUsers } from "@/lib/store/users";
import { requirePageUser } from "@/lib/auth/page";
import { AuditPanel } from "./audit-panel";
import { NotificationsPanel } from "./notifications-panel";
import { UsersPanel } from "./users-panel";

export const metadata: Metadata = { title: "Administration" };

export default async function AdminPage() {
  const { user, allowed } = await requirePageUser("/admin", "admin");
  if (!allowed) {
    return (
      <main className="p-6">
        <p>This page needs the admin role; {user.name} is {user.role}.</p>
        <Link className="underline" href="/">
          Back to the overview
        </Link>
      </main>
    );
  }
  return (
    <main className="flex flex-col gap-6 p-4">
      <header className="flex items-center gap-4">
        <h1 className="text-lg font-semibold">Respawn: administration</h1>
        <Link className="underline" href="/">
          Overview
        </Link>
      </header>
      <UsersPanel self={user.name} initialUsers={listUsers(getAuthDb())} flash={readFlash((await cookies()).get(FLASH_COOKIE)?.value)?.text} />
      <NotificationsPanel />
      <AuditPanel />
    </main>
  );
}
