"use client";

import { EndpointBadge, EndpointDetail } from "@/components/endpoint-status";
import { ConfigFilesLink } from "@/components/hosts/config-files-link";
import type { EndpointView } from "@/lib/client/types";

const RANK: Record<EndpointView["status"], number> = {
  auth: 0,
  down: 1,
  timeout: 2,
  "circuit-open": 3,
  connecting: 4,
  up: 5,
};

// Up to this many endpoints each get a card; past it the strip turns into one compact line.
const CARD_LIMIT = 6;

function EndpointCard({ e }: { e: EndpointView }) {
  return (
    <li
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
          <span className="ml-1 font-normal text-zinc-600 dark:text-zinc-400">{e.manager}</span>
        </span>
        <EndpointBadge status={e.status} />
      </div>
      <EndpointDetail endpoint={e} />
      <ConfigFilesLink endpoint={e} />
    </li>
  );
}

function EndpointPill({ e }: { e: EndpointView }) {
  return (
    <li
      data-endpoint={e.key}
      title={`${e.hostName} (${e.manager}) — ${e.target}${e.error ? `: ${e.error}` : ""}`}
      className="flex max-w-56 items-center gap-1 rounded border border-zinc-200 px-1.5 py-0.5 text-xs dark:border-zinc-800"
    >
      <span className="truncate">{e.hostName}</span>
      <span className="text-zinc-600 dark:text-zinc-400">
        {e.manager === "supervisord" ? "sv" : "sd"}
      </span>
      <EndpointBadge status={e.status} />
    </li>
  );
}

/** Endpoints (host × manager), the failing ones first: cards for a few, one compact line for many. */
export function HostStrip({ endpoints }: { endpoints: EndpointView[] }) {
  const sorted = [...endpoints].sort(
    (a, b) => RANK[a.status] - RANK[b.status] || a.hostName.localeCompare(b.hostName),
  );
  if (sorted.length === 0) return null;
  if (sorted.length <= CARD_LIMIT) {
    return (
      <ul aria-label="Hosts" className="flex flex-wrap gap-2">
        {sorted.map((e) => (
          <EndpointCard key={e.key} e={e} />
        ))}
      </ul>
    );
  }
  const failing = sorted.filter((e) => e.status !== "up");
  const up = sorted.filter((e) => e.status === "up");
  return (
    <div aria-label="Hosts" role="group" className="space-y-1">
      {failing.length > 0 && (
        <ul
          aria-label="Hosts with trouble"
          className="flex max-h-40 flex-wrap gap-2 overflow-y-auto"
        >
          {failing.map((e) => (
            <EndpointCard key={e.key} e={e} />
          ))}
        </ul>
      )}
      <details className="text-xs">
        <summary className="cursor-pointer text-zinc-700 dark:text-zinc-300">
          {up.length} of {sorted.length} endpoints up
          {failing.length > 0 ? `, ${failing.length} with trouble` : ""}
        </summary>
        <ul className="mt-1 flex max-h-32 flex-wrap gap-1 overflow-y-auto">
          {up.map((e) => (
            <EndpointPill key={e.key} e={e} />
          ))}
        </ul>
      </details>
    </div>
  );
}
