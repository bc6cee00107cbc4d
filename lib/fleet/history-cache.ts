import type { ProcessInfo } from "@/lib/connectors/types";
import type { HistoryRecorder } from "@/lib/history/recorder";
import type { ChangeSource } from "./state";
import type { ProcessHistory } from "./types";

/**
 * Feeds every observed change to the history recorder and keeps each process's restart counts
 * in memory, so building a view (thousands per snapshot) never queries the store.
 */
export class HistoryCache {
  private readonly recorder: HistoryRecorder;
  private readonly cache = new Map<string, ProcessHistory | null>();
  /** The last state recorded per process, kept when it leaves the fleet view. */
  private readonly last = new Map<string, ProcessInfo>();

  constructor(recorder: HistoryRecorder) {
    this.recorder = recorder;
  }

  observe(prev: ProcessInfo | undefined, next: ProcessInfo, source: ChangeSource, actor: string | null, action: string | null = null): void {
    // systemd unloads a unit that reset-failed leaves inactive and loads it again at its start: the
    // run before stays the previous state, so the runs that follow are still seen as changes.
    const before = prev ?? this.last.get(next.id);
    this.last.set(next.id, next);
    try {
      this.recorder.observe(before, next, source, actor, action);
    } catch (e) {
      console.error("respawn: recording history failed:", e instanceof Error ? e.message : String(e));
    }
    this.cache.delete(next.id);
  }

  historyOf(id: string): ProcessHistory | null {
    if (!this.cache.has(id)) this.load([id]);
    return this.cache.get(id) ?? null;
  }

  /** Recomputes every count (windows slide with time); returns the ids whose counts changed. */
  refresh(ids: readonly string[]): string[] {
    const before = new Map(ids.map((id) => [id, JSON.stringify(this.cache.get(id) ?? null)]));
    this.load(ids);
    return ids.filter((id) => JSON.stringify(this.cache.get(id) ?? null) !== before.get(id));
  }

  private load(ids: readonly string[]): void {
    try {
      const flapping = this.recorder.flapping(ids);
      for (const s of this.recorder.restartStatsMany(ids)) {
        this.cache.set(s.processId, {
          lastHour: s.lastHour,
          last24h: s.last24h,
          sinceFirstSeen: s.sinceFirstSeen,
          hint: s.hint,
          flapping: flapping.has(s.processId),
        });
      }
    } catch {
      // The store is briefly unavailable: show no counts rather than fail the view.
      for (const id of ids) this.cache.set(id, null);
    }
  }
}
