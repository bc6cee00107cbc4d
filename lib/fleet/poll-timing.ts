import { performance } from "node:perf_hooks";

/** How long a poll took end to end, and how much of it was spent waiting on the host. */
export interface PollTiming {
  wallMs: number;
  hostMs: number;
}

/**
 * Times a poll. The host's share is the time our event loop sat idle meanwhile: waiting on the
 * socket, not running our own work (other polls, decoding, 50 browsers' streams). Counting wall
 * time made the interval stretch to 10 s exactly when many people were looking.
 */
export function hostTimer(): () => PollTiming {
  const started = performance.now();
  const elu = performance.eventLoopUtilization();
  return () => {
    const wallMs = performance.now() - started;
    const idle = performance.eventLoopUtilization(elu).idle;
    return { wallMs: Math.round(wallMs), hostMs: Math.round(Math.min(wallMs, idle)) };
  };
}
