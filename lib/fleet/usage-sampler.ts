import type { ProcessUsage } from "@/lib/connectors/types";
import type { ProcessView } from "./types";

/** One process's latest reading as the overview shows it. */
export interface UsageSample {
  /** % of one core between the last two readings; null until two exist. */
  cpuPercent: number | null;
  /** False when the manager does not account CPU at all (systemd without CPUAccounting=). */
  cpuAccounted: boolean;
  memoryBytes: number | null;
  tasks: number | null;
  source: ProcessUsage["source"];
  /** Epoch ms of the reading. */
  at: number;
}

export interface UsageSamplerSource {
  snapshot(): { processes: readonly Pick<ProcessView, "id" | "state">[] };
  readUsage(id: string): Promise<ProcessUsage | null>;
}

/** How often every running process is read: often enough to see a spike, cheap for 1000 processes. */
export const USAGE_EVERY_MS = 10_000;

/** CPU use between two readings, in % of one core; null when either lacks CPU time or no time passed. */
export function cpuBetween(prev: ProcessUsage | undefined, next: ProcessUsage): number | null {
  if (!prev || prev.cpuNs === null || next.cpuNs === null) return null;
  const elapsedNs = (next.at - prev.at) * 1e6;
  if (elapsedNs <= 0 || next.cpuNs < prev.cpuNs) return null;
  return ((next.cpuNs - prev.cpuNs) / elapsedNs) * 100;
}

/**
 * One sampler per server for every open tab: reads each running process's usage through its
 * connector on a timer. Kept apart from the fleet state on purpose, so a reading is never a change.
 */
export class UsageSampler {
  private readonly last = new Map<string, ProcessUsage>();
  private readonly samples = new Map<string, UsageSample>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly source: UsageSamplerSource,
    readonly everyMs = USAGE_EVERY_MS,
    private readonly onSample?: (id: string, sample: UsageSample) => void,
  ) {}

  start(): void {
    if (this.timer) return;
    void this.sampleNow();
    this.timer = setInterval(() => void this.sampleNow(), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The latest reading of every process that was running at the last pass. */
  current(): Map<string, UsageSample> {
    return new Map(this.samples);
  }

  /** One pass over the fleet; a pass still in flight is joined rather than doubled. */
  sampleNow(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<void> {
    const ids = this.source.snapshot().processes.filter((p) => p.state === "running").map((p) => p.id);
    const live = new Set(ids);
    for (const id of [...this.samples.keys()]) if (!live.has(id)) this.forget(id);
    await Promise.all(ids.map((id) => this.sampleOne(id)));
  }

  private async sampleOne(id: string): Promise<void> {
    let usage: ProcessUsage | null;
    try {
      usage = await this.source.readUsage(id);
    } catch {
      usage = null; // a host that is down shows no reading; its state already says why
    }
    if (!usage) return this.forget(id);
    const sample = { cpuPercent: cpuBetween(this.last.get(id), usage), cpuAccounted: usage.cpuNs !== null, memoryBytes: usage.memoryBytes, tasks: usage.tasks, source: usage.source, at: usage.at };
    this.last.set(id, usage);
    this.samples.set(id, sample);
    this.onSample?.(id, sample);
  }

  private forget(id: string): void {
    this.last.delete(id);
    this.samples.delete(id);
  }
}
