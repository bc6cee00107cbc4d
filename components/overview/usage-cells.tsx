"use client";

import type { ProcessView } from "@/lib/client/types";
import { useFleetUsage } from "@/lib/client/use-fleet-usage";
import { formatBytes } from "@/lib/client/usage";

const dash = <span className="text-zinc-500">—</span>;

/** CPU % of one core over the last sample interval; "—" when not running or not yet measured. */
export function CpuCell({ process: p }: { process: Pick<ProcessView, "id"> }) {
  const u = useFleetUsage(p.id);
  if (u && !u.cpuAccounted) return <span title="CPU is not accounted for this process (systemd: CPUAccounting=)" className="text-zinc-500">n/a</span>;
  if (!u || u.cpuPercent === null) return dash;
  return (
    <span data-cpu-percent={u.cpuPercent.toFixed(2)} className="font-mono tabular-nums">
      {u.cpuPercent.toFixed(1)} %
    </span>
  );
}

/** Memory in use (cgroup for systemd, resident set of the tree for supervisord). */
export function MemoryCell({ process: p }: { process: Pick<ProcessView, "id"> }) {
  const u = useFleetUsage(p.id);
  if (!u || u.memoryBytes === null) return dash;
  return (
    <span data-memory-bytes={u.memoryBytes} className="font-mono whitespace-nowrap tabular-nums">
      {formatBytes(u.memoryBytes)}
    </span>
  );
}

/** "CPU 1.2 % · 34.5 MiB" for a card; null when there is no reading. */
export function UsageLine({ process: p }: { process: Pick<ProcessView, "id"> }) {
  const u = useFleetUsage(p.id);
  if (!u) return null;
  const cpu = !u.cpuAccounted ? null : u.cpuPercent === null ? "CPU …" : `CPU ${u.cpuPercent.toFixed(1)} %`;
  const mem = u.memoryBytes === null ? null : formatBytes(u.memoryBytes);
  const parts = [cpu, mem].filter(Boolean);
  return parts.length ? <span data-usage-line>{` · ${parts.join(" · ")}`}</span> : null;
}
