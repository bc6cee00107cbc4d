"use client";

import { useEffect, useRef, useState } from "react";
import { fetchUsage } from "@/lib/client/api";
import type { ProcessUsage } from "@/lib/client/types";
import { cpuPercent } from "@/lib/client/usage";

// Often enough to see a spike, rare enough that an open page costs its host nothing noticeable.
const EVERY_MS = 5_000;

export interface Usage {
  usage: ProcessUsage | null;
  /** % of one core since the previous reading; null until two readings exist. */
  cpu: number | null;
  error: Error | null;
}

/** Reads a process's CPU and memory every few seconds while it is shown. */
export function useUsage(id: string, running: boolean): Usage {
  const [state, setState] = useState<Usage>({ usage: null, cpu: null, error: null });
  const prev = useRef<ProcessUsage | null>(null);
  useEffect(() => {
    if (!running) return;
    let stopped = false;
    const read = async () => {
      try {
        const usage = await fetchUsage(id);
        if (stopped) return;
        setState({ usage, cpu: cpuPercent(prev.current, usage), error: null });
        prev.current = usage;
      } catch (e) {
        if (!stopped)
          setState((s) => ({ ...s, error: e instanceof Error ? e : new Error(String(e)) }));
      }
    };
    void read();
    const timer = setInterval(() => void read(), EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      prev.current = null;
    };
  }, [id, running]);
  return running ? state : { usage: null, cpu: null, error: null };
}
