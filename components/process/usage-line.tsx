"use client";

import type { ProcessView } from "@/lib/client/types";
import { formatBytes } from "@/lib/client/usage";
import { useUsage } from "@/lib/client/use-usage";

const SOURCE = {
  cgroup: "systemd's cgroup accounting (MemoryCurrent, CPUUsageNSec, TasksCurrent)",
  proc: "/proc of the process and its children on the dashboard's host",
};

/** "CPU 1.2 % · 34.5 MiB · 3 tasks" of a running process, read every few seconds. */
export function UsageLine({ process: p }: { process: Pick<ProcessView, "id" | "state" | "pid"> }) {
  const running = p.state === "running" || p.state === "starting" || p.state === "stopping";
  const { usage, cpu, error } = useUsage(p.id, running);
  if (!running) return null;
  if (error)
    return <span className="text-red-700 dark:text-red-400">could not read: {error.message}</span>;
  if (!usage)
    return <span className="text-zinc-600 dark:text-zinc-400">not available for this host</span>;
  const parts = [
    usage.cpuNs === null ? "CPU not accounted" : cpu === null ? "CPU …" : `CPU ${cpu.toFixed(1)} %`,
    usage.memoryBytes === null ? "memory not accounted" : formatBytes(usage.memoryBytes),
    usage.tasks === null ? null : `${usage.tasks} ${usage.tasks === 1 ? "task" : "tasks"}`,
  ];
  return (
    <span
      data-usage
      data-memory-bytes={usage.memoryBytes ?? undefined}
      data-tasks={usage.tasks ?? undefined}
      data-cpu-ns={usage.cpuNs ?? undefined}
      title={`from ${SOURCE[usage.source]}`}
      className="tabular-nums"
    >
      {parts.filter(Boolean).join(" · ")}
    </span>
  );
}
