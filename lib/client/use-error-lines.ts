"use client";

import useSWR from "swr";
import { readLog } from "@/lib/client/api";
import type { LogLine, ProcessView } from "@/lib/client/types";
import { errorStream, pickErrorLines } from "@/lib/client/why";

export interface ErrorLines {
  lines: LogLine[];
  stream: string | null;
  loading: boolean;
  error: Error | null;
}

/** The last error lines of a process, read again each time it enters a new state. */
export function useErrorLines(p: Pick<ProcessView, "id" | "logs" | "since" | "state">): ErrorLines {
  const stream = errorStream(p.logs);
  // A running process's exit is in its past: the lines shown are those before its start.
  const exitAt = p.since;
  const key = stream ? ["error-lines", p.id, stream, p.since, p.state] : null;
  const { data, error, isLoading } = useSWR(
    key,
    async () => {
      const chunk = await readLog(p.id, stream ?? "stdout");
      let lines = chunk.lines;
      // stderr may be empty for a program that writes its errors to stdout: fall back to stdout.
      if (lines.length === 0 && stream === "stderr" && p.logs.includes("stdout")) {
        lines = (await readLog(p.id, "stdout")).lines;
      }
      return pickErrorLines(lines, exitAt);
    },
    { revalidateOnFocus: false, revalidateOnReconnect: false },
  );
  return {
    lines: data ?? [],
    stream,
    loading: isLoading,
    error: error instanceof Error ? error : null,
  };
}
