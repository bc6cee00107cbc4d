import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { IncidentFacts } from "@/components/incidents/incident-facts";
import { IncidentLines } from "@/components/incidents/incident-lines";
import { IncidentStatusButton } from "@/components/incidents/incident-status-button";
import { SharePanel } from "@/components/incidents/share-panel";
import { requirePageUser } from "@/lib/auth/page";
import { capabilitiesOf } from "@/lib/auth/roles";
import { readIncident } from "@/lib/incidents/incidents";
import { incidentDb } from "@/lib/incidents/runtime";
import { listShareLinks } from "@/lib/incidents/shares";
import type { Incident } from "@/lib/incidents/types";
import { withBasePath } from "@/lib/util/base-path";

export const metadata: Metadata = { title: "Incident" };

export const dynamic = "force-dynamic";

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { user } = await requirePageUser(`/incidents/${encodeURIComponent(id)}`);
  const can = capabilitiesOf(user);
  const db = incidentDb();
  let incident: Incident;
  try {
    incident = readIncident(db, Number(id), user.hosts);
  } catch {
    notFound();
  }
  return (
    <main className="space-y-4 p-4">
      <header className="space-y-1">
        <nav className="flex gap-4">
          <Link href="/incidents" className="text-blue-700 hover:underline dark:text-blue-400">
            Incidents
          </Link>
          <Link href={`/p/${encodeURIComponent(incident.processId)}`} className="text-blue-700 hover:underline dark:text-blue-400">
            Process page
          </Link>
        </nav>
        <h1 className="text-lg font-semibold">{incident.title}</h1>
        <p className="text-zinc-500">
          #{incident.id} · {incident.status}
          {incident.createdBy ? ` · captured by ${incident.createdBy}` : " · captured automatically"}
          {incident.resolvedBy ? ` · resolved by ${incident.resolvedBy}` : ""}
        </p>
        {incident.comment ? <p className="whitespace-pre-wrap">{incident.comment}</p> : null}
        <div className="flex gap-3">
          {can.control ? <IncidentStatusButton id={incident.id} status={incident.status} /> : null}
          <a href={withBasePath(`/api/incidents/${incident.id}/download`)} className="text-blue-700 hover:underline dark:text-blue-400">
            Download the lines (.txt)
          </a>
        </div>
      </header>
      {can.share ? <SharePanel incidentId={incident.id} isAdmin={can.admin} initial={listShareLinks(db, incident.id)} /> : null}
      <IncidentFacts snapshot={incident.snapshot} />
      <IncidentLines snapshot={incident.snapshot} />
    </main>
  );
}
