"use client";

import { useCallback, useState } from "react";
import { runBatchAction, type BatchItem } from "@/lib/client/api";
import type { ControlAction, ControlOutcome, ProcessView } from "@/lib/client/types";

export interface BatchOutcome {
  id: string;
  name: string;
  hostName: string;
  /** done / failed / unknown: the same word the API and the audit give. */
  outcome: ControlOutcome;
  message: string;
}

export interface BatchRun {
  title: string;
  running: boolean;
  outcomes: BatchOutcome[];
  /** The whole call failed (e.g. refused): no per-process result. */
  error: string | null;
}

/** Turns the API's per-id answers into one line per process, in the order asked. */
export function toOutcomes(targets: readonly ProcessView[], items: readonly BatchItem[]): BatchOutcome[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  return targets.map((p) => {
    const item = byId.get(p.id);
    const base = { id: p.id, name: p.name, hostName: p.hostName };
    if (item?.result) return { ...base, outcome: item.result.outcome, message: item.result.message };
    if (item?.error) return { ...base, outcome: "failed", message: `not run: ${item.error.code}: ${item.error.message}` };
    return { ...base, outcome: "unknown", message: "no answer for this process" };
  });
}

/** Runs one action on many processes and keeps the per-process results until dismissed. */
export function useBatchAction() {
  const [run, setRun] = useState<BatchRun | null>(null);

  const start = useCallback(async (title: string, targets: readonly ProcessView[], action: ControlAction) => {
    setRun({ title, running: true, outcomes: [], error: null });
    try {
      const items = await runBatchAction(
        targets.map((p) => p.id),
        action,
      );
      setRun({ title, running: false, outcomes: toOutcomes(targets, items), error: null });
    } catch (e) {
      setRun({ title, running: false, outcomes: [], error: e instanceof Error ? e.message : String(e) });
    }
  }, []);

  const dismiss = useCallback(() => setRun(null), []);
  return { run, start, dismiss };
}
