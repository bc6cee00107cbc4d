"use client";

import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { fetchFleetUsage } from "@/lib/client/api";
import type { UsageSample } from "@/lib/client/types";

// The server samples every 10 s for all tabs; asking as often only picks up what is there.
const EVERY_MS = 10_000;

const UsageContext = createContext<Readonly<Record<string, UsageSample>>>({});

/** Polls the shared usage sampler while the overview is open and hands readings to its rows. */
export function FleetUsageProvider({ children, everyMs = EVERY_MS }: { children: ReactNode; everyMs?: number }) {
  const [samples, setSamples] = useState<Record<string, UsageSample>>({});
  useEffect(() => {
    let stopped = false;
    const read = async () => {
      try {
        const next = await fetchFleetUsage();
        if (!stopped) setSamples(next);
      } catch {
        // Usage is a nicety: a failed read keeps the last figures rather than blanking the table.
      }
    };
    void read();
    const timer = setInterval(() => void read(), everyMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [everyMs]);
  return <UsageContext.Provider value={samples}>{children}</UsageContext.Provider>;
}

/** Static readings for component tests and stories. */
export const FleetUsageValue = UsageContext.Provider;

/** The latest reading of one process, if it was running at the last pass. */
export function useFleetUsage(id: string): UsageSample | undefined {
  return useContext(UsageContext)[id];
}
