import type { Db } from "@/lib/store/open-store";
import { pruneUsageMinutes, recordUsageMinute } from "@/lib/store/usage-minutes";
import type { UsageSample } from "./usage-sampler";

const PRUNE_EVERY_MS = 60_000;

/** Folds each sampler reading into the store's per-minute table, pruning past 24 h once a minute. */
export function usageMinuteWriter(db: Db, log: (line: string) => void = console.error): (id: string, s: UsageSample) => void {
  let prunedAt = 0;
  let warned = false;
  return (id, s) => {
    try {
      recordUsageMinute(db, id, s.at, s.cpuPercent, s.memoryBytes);
      if (s.at - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = s.at;
        pruneUsageMinutes(db, s.at);
      }
      warned = false;
    } catch (e) {
      // A busy or read-only store loses a minute of chart, never the live figures: say so once.
      if (!warned) log(`respawn: storing usage failed: ${e instanceof Error ? e.message : String(e)}`);
      warned = true;
    }
  };
}
