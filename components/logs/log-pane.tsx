"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { Button } from "@/components/button";
import { CaptureIncident } from "@/components/incidents/capture-incident";
import { LiveIndicator } from "@/components/live-indicator";
import { LogLineView } from "@/components/logs/log-line";
import { Spinner } from "@/components/spinner";
import { LOG_LINE_CAP } from "@/lib/client/log-buffer";
import type { LogStream } from "@/lib/client/types";
import { useLogFollow } from "@/lib/client/use-log-follow";

const LINE_HEIGHT = 18;
// How close to the end still counts as "at the end" (a pixel or two of rounding, a partial line).
const END_SLACK = LINE_HEIGHT;

/** One log stream: tail, then live lines; it follows the end unless the user scrolled up. */
export function LogPane({ id, stream }: { id: string; stream: LogStream }) {
  const { buffer, status, error, retry } = useLogFollow(id, stream);
  const scroller = useRef<HTMLDivElement>(null);
  // null while following the end; otherwise the first key that arrived after the user scrolled up.
  const [pausedAt, setPausedAt] = useState<number | null>(null);
  const entries = buffer.entries;
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 30,
    getItemKey: (i) => entries[i]?.key ?? i,
  });

  // Follow the end with a plain scrollTop write after each commit: a one-shot that never fights
  // the user (the virtualiser's scrollToIndex keeps correcting for several frames).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (pausedAt === null && el) el.scrollTop = el.scrollHeight;
  }, [buffer.nextKey, pausedAt]);

  const pause = () => setPausedAt((prev) => prev ?? buffer.nextKey);
  // Scroll events arrive a frame late, after the next lines may already have pulled the view back
  // down; the user's intent (wheel up, keys, a grab of the scrollbar) pauses at once.
  const onWheel = (e: { deltaY: number }) => e.deltaY < 0 && pause();
  const onKeyDown = (e: KeyboardEvent) => ["ArrowUp", "PageUp", "Home"].includes(e.key) && pause();
  const onPointerDown = (e: PointerEvent) => e.target === e.currentTarget && pause();
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight <= END_SLACK;
    if (atEnd) setPausedAt(null);
    else pause();
  };
  const unseen = pausedAt === null ? 0 : buffer.nextKey - pausedAt;

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-1">
      <div className="flex items-center gap-3 text-xs text-zinc-500">
        {status === "loading" ? (
          <Spinner label="loading the log" />
        ) : (
          status !== "failed" && <LiveIndicator status={status} />
        )}
        <span className="tabular-nums">{entries.length} lines</span>
        <CaptureIncident id={id} stream={stream} entries={entries} logRoot={() => scroller.current} />
        {buffer.dropped > 0 && (
          <span>older lines dropped (keeping the last {LOG_LINE_CAP.toLocaleString("en")})</span>
        )}
        {error && (
          <span role="alert" className="text-red-700 dark:text-red-400">
            {error}
          </span>
        )}
        {error && (
          <Button size="sm" onClick={retry}>
            Reload
          </Button>
        )}
      </div>
      <div className="relative min-h-0 flex-1">
        <div
          ref={scroller}
          onScroll={onScroll}
          onWheel={onWheel}
          onKeyDown={onKeyDown}
          onPointerDown={onPointerDown}
          tabIndex={0}
          role="log"
          aria-label={`${stream} log`}
          className="h-full overflow-auto rounded border border-zinc-200 bg-zinc-50 py-1 font-mono text-xs leading-[18px] dark:border-zinc-800 dark:bg-zinc-900"
        >
          <div className="relative min-w-max" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const entry = entries[item.index];
              if (!entry) return null;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  className="absolute top-0 left-0 w-full"
                  style={{ height: LINE_HEIGHT, transform: `translateY(${item.start}px)` }}
                >
                  <LogLineView entry={entry} />
                </div>
              );
            })}
          </div>
          {entries.length === 0 && status !== "loading" && !error && (
            <p className="px-2 text-zinc-500">Nothing in this log yet.</p>
          )}
        </div>
        {unseen > 0 && (
          <Button
            tone="primary"
            size="sm"
            className="absolute right-4 bottom-3 shadow"
            onClick={() => setPausedAt(null)}
          >
            {unseen} new {unseen === 1 ? "line" : "lines"} — jump to end
          </Button>
        )}
      </div>
    </div>
  );
}
