"use client";

import { EndpointBadge, EndpointDetail } from "@/components/endpoint-status";
import type { EndpointView } from "@/lib/client/types";

const RANK: Record<EndpointView["status"], number> = {
  auth: 0,
  down: 1,
  timeout: 2,
  "circuit-open": 3,
  connecting: 4,
  up: 5,
};

/** One card per endpoint (host × manager), the failing ones first. */
export function HostStrip({ endpoints }: { endpoints: EndpointView[] }) {
  const sorted = [...endpoints].sort(
    (a, b) => RANK[a.status] - RANK[b.status] || a.hostName.localeCompare(b.hostName),
  );
  if (sorted.length === 0) return null;
  return (
    <ul aria-label="Hosts" className="flex max-h-48 flex-wrap gap-2 overflow-y-auto">
      {sorted.map((e) => (
        <li
          key={e.key}
          data-endpoint={e.key}
          className={`w-64 rounded border px-2.5 py-1.5 ${
            e.status === "up"
              ? "border-zinc-200 dark:border-zinc-800"
              : "border-red-300 bg-red-50/50 dark:border-red-900 dark:bg-red-950/30"
          }`}
        >
          <div className="flex items-center justify-between gap-2">
            <span className="truncate font-medium" title={`${e.hostName} — ${e.target}`}>
              {e.hostName}
              <span className="ml-1 font-normal text-zinc-500 dark:text-zinc-400">{e.manager}</span>
            </span>
            <EndpointBadge status={e.status} />
          </div>
          <EndpointDetail endpoint={e} />
        </li>
      ))}
    </ul>
  );
}
