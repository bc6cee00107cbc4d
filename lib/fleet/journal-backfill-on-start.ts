import type { RespawnConfig } from "@/lib/config/schema";
import { backfillSystemdRestarts, journalFirstSightStart, journalGapStart } from "@/lib/history/journal-backfill";
import type { History } from "@/lib/history/history";
import type { Monitor } from "./monitor";

const BACKFILL_DEADLINE_MS = 60_000;

/**
 * Once each systemd endpoint has answered its first poll (a gap in history opens only when a unit is
 * seen again), reads systemd's restart messages from the journal for the time Respawn was away.
 */
export function backfillJournalOnStart(config: RespawnConfig, monitor: Monitor, history: History): void {
  const pending = new Map(config.hosts.filter((h) => h.systemd).map((h) => [`${h.id}/systemd`, h]));
  const runStart = Date.now();
  if (pending.size === 0) return;
  const off = monitor.subscribe((event) => {
    if (event.type !== "endpoint" || event.endpoint.status !== "up") return;
    const host = pending.get(event.endpoint.key);
    if (!host?.systemd) return;
    pending.delete(event.endpoint.key);
    if (pending.size === 0) queueMicrotask(off);
    // Let the first poll's observations land before looking for gaps.
    setTimeout(() => runBackfill(host.id, host.systemd!, history, runStart), 1_000).unref();
  });
}

function runBackfill(hostId: string, endpoint: NonNullable<RespawnConfig["hosts"][number]["systemd"]>, history: History, runStart: number): void {
  // The gaps while Respawn was down, and the time before it first saw a unit at all.
  const starts = [journalGapStart(history.store.db, hostId), journalFirstSightStart(history.store.db, hostId, runStart)];
  const known = starts.filter((s): s is number => s !== null);
  if (known.length === 0) return;
  const since = Math.min(...known);
  backfillSystemdRestarts(endpoint, hostId, history.recorder, since, AbortSignal.timeout(BACKFILL_DEADLINE_MS)).catch((e) =>
    console.error(`respawn: journal backfill for host ${hostId} failed:`, e instanceof Error ? e.message : String(e)),
  );
}
