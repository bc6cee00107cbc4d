import type { ProcessUsage } from "@/lib/client/types";

/** CPU use between two readings, in % of one core; null when either lacks CPU time or no time passed. */
export function cpuPercent(prev: ProcessUsage | null, next: ProcessUsage | null): number | null {
  if (!prev || !next || prev.cpuNs === null || next.cpuNs === null) return null;
  const elapsedNs = (next.at - prev.at) * 1e6;
  if (elapsedNs <= 0 || next.cpuNs < prev.cpuNs) return null;
  return ((next.cpuNs - prev.cpuNs) / elapsedNs) * 100;
}

/** "512 KiB", "34.5 MiB", "1.2 GiB": binary units, as the kernel counts memory. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${u === 0 || v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}
