"use client";

import { useEffect, useRef, useState } from "react";
import { logFollowUrl, readLog } from "@/lib/client/api";
import { openEventStream, type StreamStatus } from "@/lib/client/event-stream";
import { appendChunk, EMPTY_LOG, LOG_LINE_CAP, type LogBuffer } from "@/lib/client/log-buffer";
import type { LogChunk, LogStream } from "@/lib/client/types";

export type LogStatus = "loading" | StreamStatus | "failed";

export interface LogFollow {
  buffer: LogBuffer;
  status: LogStatus;
  /** Why the tail or the follow stopped, as the server said it. */
  error: string | null;
  /** Starts again from a fresh tail (after an error). */
  retry: () => void;
}

// Noisy processes can send many chunks a second: they are applied at most this often.
const FLUSH_MS = 100;

function isChunk(data: unknown): data is LogChunk {
  if (typeof data !== "object" || data === null) return false;
  const c = data as Record<string, unknown>;
  return Array.isArray(c.lines) && typeof c.cursor === "string";
}

function messageOf(data: unknown): string {
  if (
    typeof data === "object" &&
    data !== null &&
    "message" in data &&
    typeof data.message === "string"
  ) {
    return data.message;
  }
  return "the log stream ended";
}

interface LogState {
  key: string;
  buffer: LogBuffer;
  status: LogStatus;
  error: string | null;
}

const initialState = (key: string): LogState => ({
  key,
  buffer: EMPTY_LOG,
  status: "loading",
  error: null,
});

/** Tails one log stream of a process, then follows it live, resuming from the last cursor. */
export function useLogFollow(id: string, stream: LogStream): LogFollow {
  const [attempt, setAttempt] = useState(0);
  const key = `${id}\u0000${stream}\u0000${attempt}`;
  // State belongs to one (process, stream, attempt): a new key starts from empty without an effect reset.
  const [state, setState] = useState<LogState>(() => initialState(key));
  const pending = useRef<Array<{ chunk: LogChunk; at: number }>>([]);

  useEffect(() => {
    let cancelled = false;
    let cursor: string | null = null;
    let closeStream: (() => void) | null = null;
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    pending.current = [];
    const update = (change: (s: LogState) => Partial<LogState>) => {
      if (cancelled) return;
      setState((prev) => {
        const base = prev.key === key ? prev : initialState(key);
        return { ...base, ...change(base) };
      });
    };

    const flush = () => {
      flushTimer = null;
      const chunks = pending.current;
      pending.current = [];
      if (chunks.length)
        update((s) => ({
          buffer: chunks.reduce((acc, c) => appendChunk(acc, c.chunk, LOG_LINE_CAP, c.at), s.buffer),
        }));
    };
    const take = (chunk: LogChunk) => {
      cursor = chunk.cursor;
      pending.current.push({ chunk, at: Date.now() });
      flushTimer ??= setTimeout(flush, FLUSH_MS);
    };

    readLog(id, stream).then(
      (tail) => {
        if (cancelled) return;
        cursor = tail.cursor;
        update((s) => ({ buffer: appendChunk(s.buffer, tail) }));
        closeStream = openEventStream({
          url: () => logFollowUrl(id, stream, cursor),
          events: ["chunk"],
          onStatus: (status) => update(() => ({ status })),
          onMessage: (name, data) => {
            if (name === "chunk" && isChunk(data)) take(data);
          },
          onServerError: (data) => update(() => ({ error: messageOf(data) })),
        });
      },
      (e: unknown) =>
        update(() => ({ status: "failed", error: e instanceof Error ? e.message : String(e) })),
    );
    return () => {
      cancelled = true;
      closeStream?.();
      if (flushTimer) clearTimeout(flushTimer);
    };
  }, [id, stream, key]);

  const view = state.key === key ? state : initialState(key);
  return {
    buffer: view.buffer,
    status: view.status,
    error: view.error,
    retry: () => setAttempt((n) => n + 1),
  };
}
