import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { IncidentFacts } from "@/components/incidents/incident-facts";
import { IncidentLines } from "@/components/incidents/incident-lines";
import { getPageUser } from "@/lib/auth/page";
import { openSharedIncident } from "@/lib/incidents/share-request";
import { sharedView } from "@/lib/incidents/shares";
import { withBasePath } from "@/lib/util/base-path";

export const dynamic = "force-dynamic";

// The headers (Referrer-Policy, X-Robots-Tag) are set for /s/* in proxy.ts; these are the page's own copies.
export const metadata: Metadata = {
  title: "Shared incident · Respawn",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

const time = (ms: number | null) => (ms === null ? "never" : new Date(ms).toISOString().replace("T", " ").slice(0, 16) + " UTC");

/** A shared incident: read-only, from the frozen snapshot only, nothing else of Respawn or the host. */
export default async function SharedIncidentPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // The session is checked below, only for links limited to signed-in users.
  const answer = openSharedIncident(token, () => true);
  if (!answer.ok) notFound();
  if (answer.share.access === "signed-in" && !(await getPageUser())) {
    redirect(`/login?next=${encodeURIComponent(`/s/${token}`)}`);
  }
  const v = sharedView(answer.share);
  return (
    <main className="space-y-4 p-4">
      <header className="space-y-1">
        <h1 className="text-lg font-semibold">{v.title}</h1>
        <p className="text-zinc-500">
          A read-only snapshot captured {time(v.snapshot.capturedAt)} · this link expires: <span data-testid="expires">{time(v.expiresAt)}</span>
        </p>
        {v.comment ? <p className="whitespace-pre-wrap">{v.comment}</p> : null}
        <a href={withBasePath(`/api/share/${token}/download`)} className="text-blue-700 hover:underline dark:text-blue-400" rel="noreferrer">
          Download the lines (.txt)
        </a>
      </header>
      <IncidentFacts snapshot={v.snapshot} />
      <IncidentLines snapshot={v.snapshot} />
    </main>
  );
}
