import Link from "next/link";
import { notFound } from "next/navigation";
import { ConfigUpdatePanel } from "@/components/hosts/config-update-panel";
import { canSeeHost } from "@/lib/auth/host-scope";
import { requirePageUser } from "@/lib/auth/page";
import { getMonitor } from "@/lib/fleet/instance";

export const dynamic = "force-dynamic";

export default async function HostConfigPage({ params }: { params: Promise<{ hostId: string }> }) {
  const { hostId } = await params;
  const { user, allowed } = await requirePageUser(`/hosts/${encodeURIComponent(hostId)}/config`, "admin");
  const endpoint = getMonitor().snapshot().endpoints.find((e) => e.hostId === hostId && e.configReload);
  if (!canSeeHost(user, hostId) || !endpoint) notFound();
  return (
    <main className="space-y-3 p-4">
      <header className="flex flex-wrap items-baseline gap-4">
        <h1 className="text-lg font-semibold">
          Configuration files of {endpoint.hostName} <span className="font-normal text-zinc-500">{endpoint.manager}</span>
        </h1>
        <Link href="/" className="text-blue-700 hover:underline dark:text-blue-400">
          All processes
        </Link>
      </header>
      <p className="max-w-prose text-sm text-zinc-600 dark:text-zinc-400">
        After programs are added, removed or changed in {endpoint.manager}&apos;s files, check them here: this is its own
        reread. Applying is its update; each group&apos;s outcome is read back.
      </p>
      {allowed ? (
        <ConfigUpdatePanel hostId={hostId} />
      ) : (
        <p className="text-sm text-zinc-500">Your role ({user.role}) cannot reread or update configuration files: that needs an admin.</p>
      )}
    </main>
  );
}
