import type { Metadata } from "next";
import Link from "next/link";
import { IncidentList, type IncidentListFilter } from "@/components/incidents/incident-list";
import { requirePageUser } from "@/lib/auth/page";
import { findIncidents } from "@/lib/incidents/incidents";
import { incidentDb } from "@/lib/incidents/runtime";

export const metadata: Metadata = { title: "Incidents" };

export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (typeof v === "string" && v.length <= 600 ? v : undefined);

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user } = await requirePageUser("/incidents");
  const sp = await searchParams;
  const status: IncidentListFilter["status"] = sp.status === "open" || sp.status === "resolved" ? sp.status : undefined;
  const filter = { status, host: one(sp.host), process: one(sp.process) };
  const incidents = findIncidents(incidentDb(), { status, hostId: filter.host, processId: filter.process, hosts: user.hosts });
  return (
    <main className="space-y-3 p-4">
      <header className="flex items-baseline gap-4">
        <h1 className="text-lg font-semibold">Incidents</h1>
        <Link href="/" className="text-blue-700 hover:underline dark:text-blue-400">
          All processes
        </Link>
      </header>
      <IncidentList incidents={incidents} filter={filter} />
    </main>
  );
}
