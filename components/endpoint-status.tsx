"use client";

import { formatClock, formatDuration, formatSince } from "@/lib/client/format";
import type { EndpointStatus, EndpointView } from "@/lib/client/types";
import { useNow } from "@/lib/client/use-now";

const LOOK: Record<EndpointStatus, { label: string; className: string }> = {
  up: {
    label: "up",
    className: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-300",
  },
  connecting: {
    label: "connecting…",
    className: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300",
  },
  down: {
    label: "down",
    className: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-300",
  },
  // Wrong credentials need a person, not a wait: told apart from "down" in words, colour and mark.
  auth: {
    label: "🔒 credentials refused",
    className: "bg-violet-100 text-violet-800 dark:bg-violet-900/50 dark:text-violet-300",
  },
  timeout: {
    label: "not answering",
    className: "bg-orange-100 text-orange-800 dark:bg-orange-900/50 dark:text-orange-300",
  },
  "circuit-open": {
    label: "circuit open",
    className: "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-300",
  },
};

export function EndpointBadge({ status }: { status: EndpointStatus }) {
  const look = LOOK[status];
  return (
    <span
      data-status={status}
      className={`rounded px-1.5 py-0.5 text-xs leading-none whitespace-nowrap ${look.className}`}
    >
      {look.label}
    </span>
  );
}

/** The lines under an endpoint's name: its version and poll, or why it fails and since when. */
export function EndpointDetail({ endpoint }: { endpoint: EndpointView }) {
  const now = useNow();
  if (endpoint.status === "up") {
    const parts = [endpoint.version ? `${endpoint.manager} ${endpoint.version}` : endpoint.manager];
    if (endpoint.lastPollMs !== null) parts.push(`last poll ${Math.round(endpoint.lastPollMs)} ms`);
    parts.push(`${endpoint.processCount} processes`);
    return <p className="text-xs text-zinc-500 dark:text-zinc-400">{parts.join(" · ")}</p>;
  }
  const retryIn = endpoint.nextRetryAt !== null ? endpoint.nextRetryAt - now : null;
  return (
    <div className="space-y-0.5 text-xs">
      {endpoint.error && (
        <p className="break-words text-zinc-700 dark:text-zinc-200" title={endpoint.error.code}>
          {endpoint.error.message}
        </p>
      )}
      <p className="text-zinc-500 dark:text-zinc-400">
        {formatSince(endpoint.since, now)}
        {retryIn !== null &&
          (retryIn > 0 ? ` · retrying in ${formatDuration(retryIn)}` : " · retrying now")}
      </p>
      {endpoint.lastOkAt !== null && (
        <p className="text-zinc-500 dark:text-zinc-400">
          last answered at {formatClock(endpoint.lastOkAt, now)}
        </p>
      )}
    </div>
  );
}
