"use client";

import Link from "next/link";
import { EndpointBadge, EndpointDetail } from "@/components/endpoint-status";
import { HistoryPanel } from "@/components/history/history-panel";
import { LiveIndicator } from "@/components/live-indicator";
import { LogViewer } from "@/components/logs/log-viewer";
import { PolicyPanel } from "@/components/policy/policy-panel";
import { ProcessActions } from "@/components/process/process-actions";
import { ProcessFields } from "@/components/process/process-fields";
import { ListenerMark } from "@/components/listener-mark";
import { StateBadge } from "@/components/state-badge";
import { UsageChart } from "@/components/process/usage-chart";
import { WhyPanel } from "@/components/process/why-panel";
import { UnitFileState } from "@/components/unit-file-state";
import { ConfigFilesLink } from "@/components/hosts/config-files-link";
import { useProcess } from "@/lib/client/use-process";
import { useTitle } from "@/lib/client/use-title";
import { errorStream, troubled } from "@/lib/client/why";

function BackLink() {
  return (
    <Link href="/" className="text-sm text-blue-700 hover:underline dark:text-blue-400">
      ← All processes
    </Link>
  );
}

/** The page of one process: why it is in its state and the controls first, then its log, history, policy and fields. */
export function ProcessView({ id }: { id: string }) {
  const { process, endpoint, live, gone, notFound, error, gaveUp } = useProcess(id);
  useTitle(gaveUp, process?.name);

  if (notFound || error || !process) {
    return (
      <main className="space-y-3 p-4">
        <BackLink />
        {notFound ? (
          <p>No such process. It may have been removed from its host&apos;s configuration.</p>
        ) : error ? (
          <p className="text-red-700 dark:text-red-400">
            Could not read this process: {error.message}
          </p>
        ) : (
          <p className="text-zinc-500">Loading…</p>
        )}
      </main>
    );
  }

  return (
    <main className="space-y-3 p-3">
      <header className="space-y-1">
        <div className="flex items-center gap-3">
          <BackLink />
          <LiveIndicator status={live} />
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-lg font-semibold break-all">{process.name}</h1>
          <StateBadge state={process.state} raw={process.rawState} />
          <ListenerMark process={process} />
          <UnitFileState process={process} />
          {process.stale && <span className="text-xs text-zinc-500 uppercase">last known</span>}
          <span className="text-zinc-500">on {process.hostName}</span>
        </div>
        {gone && (
          <p className="text-amber-700 dark:text-amber-400">
            Its manager no longer lists this process.
          </p>
        )}
      </header>
      {endpoint && (
        <section aria-label="Host" className="flex flex-wrap items-start gap-2">
          <EndpointBadge status={endpoint.status} />
          <span className="text-xs text-zinc-500">{endpoint.target}</span>
          <EndpointDetail endpoint={endpoint} />
          <ConfigFilesLink endpoint={endpoint} />
        </section>
      )}
      <WhyPanel process={process} />
      <ProcessActions process={process} />
      <div className="flex h-[70vh] min-h-80 flex-col">
        <LogViewer
          id={process.id}
          streams={process.logs}
          initial={troubled(process) ? errorStream(process.logs) : null}
        />
      </div>
      <HistoryPanel process={process} />
      <UsageChart processId={process.id} />
      <PolicyPanel processId={process.id} />
      <section aria-label="Details" className="space-y-2">
        <h2 className="font-semibold">Details</h2>
        <ProcessFields process={process} />
      </section>
    </main>
  );
}
