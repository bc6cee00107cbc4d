"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import {
  useDeferredValue,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
} from "react";
import { Button } from "@/components/button";
import { CaptureIncident } from "@/components/incidents/capture-incident";
import { LiveIndicator } from "@/components/live-indicator";
import { LogLineView } from "@/components/logs/log-line";
import { LogToolbar } from "@/components/logs/log-toolbar";
import { Spinner } from "@/components/spinner";
import { logDownloadUrl } from "@/lib/client/api";
import { LOG_LINE_CAP } from "@/lib/client/log-buffer";
import { indexAtTime, logText, searchLog } from "@/lib/client/log-search";
import type { LogStream } from "@/lib/client/types";
import { useLogFollow } from "@/lib/client/use-log-follow";

const LINE_HEIGHT = 18;
// How close to the end still counts as "at the end" (a pixel or two of rounding, a partial line).
const END_SLACK = LINE_HEIGHT;

function saveText(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** One log stream: tail, then live lines; it follows the end unless paused or scrolled up. */
export function LogPane({ id, stream }: { id: string; stream: LogStream }) {
  const { buffer, status, error, retry } = useLogFollow(id, stream);
  const scroller = useRef<HTMLDivElement>(null);
  // null while following the end; otherwise the first key that arrived after following stopped.
  const [pausedAt, setPausedAt] = useState<number | null>(null);
  // Paused with the button: scrolling back to the end does not resume it.
  const [held, setHeld] = useState(false);
  const [query, setQuery] = useState("");
  const [filter, setFilter] = useState(false);
  const [wrap, setWrap] = useState(false);
  const [matchAt, setMatchAt] = useState(-1);
  const text = useDeferredValue(query);
  // Paused with the button, the view holds still: lines that arrive wait below, counted.
  const frozenAt = held ? pausedAt : null;
  const entries = useMemo(
    () => (frozenAt === null ? buffer.entries : buffer.entries.filter((e) => e.key < frozenAt)),
    [buffer.entries, frozenAt],
  );
  const { shown, matches } = useMemo(
    () => searchLog(entries, { text, filter }),
    [entries, text, filter],
  );
  const current = matches[matchAt] ?? -1;
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 30,
    getItemKey: (i) => shown[i]?.key ?? i,
  });

  // Follow the end with a plain scrollTop write after each commit: a one-shot that never fights
  // the user (the virtualiser's scrollToIndex keeps correcting for several frames).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (pausedAt === null && el) el.scrollTop = el.scrollHeight;
  }, [buffer.nextKey, pausedAt, shown.length]);

  // A new query or filter changes which lines exist: put the current match (or the end) in view,
  // or the old scroll offset may point past a now shorter list and show nothing.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (current >= 0) virtualizer.scrollToIndex(current, { align: "center" });
    else if (pausedAt === null || shown.length === 0) el.scrollTop = el.scrollHeight;
    else virtualizer.scrollToIndex(shown.length - 1, { align: "end" });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the search changes, not each line
  }, [filter, text]);

  const pause = () => setPausedAt((prev) => prev ?? buffer.nextKey);
  const resume = () => {
    setHeld(false);
    setPausedAt(null);
  };
  // Scroll events arrive a frame late, after the next lines may already have pulled the view back
  // down; the user's intent (wheel up, keys, a grab of the scrollbar) pauses at once.
  const onWheel = (e: { deltaY: number }) => e.deltaY < 0 && pause();
  const onKeyDown = (e: KeyboardEvent) => ["ArrowUp", "PageUp", "Home"].includes(e.key) && pause();
  const onPointerDown = (e: PointerEvent) => e.target === e.currentTarget && pause();
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight <= END_SLACK;
    if (atEnd && !held) setPausedAt(null);
    else if (!atEnd) pause();
  };
  const step = (dir: 1 | -1) => {
    if (matches.length === 0) return;
    const next = (matchAt + dir + matches.length) % matches.length;
    setMatchAt(next);
    pause();
    virtualizer.scrollToIndex(matches[next] ?? 0, { align: "center" });
  };
  const jump = (at: number) => {
    const i = indexAtTime(shown, at);
    if (i < 0) return false;
    pause();
    virtualizer.scrollToIndex(i, { align: "start" });
    return true;
  };
  const unseen = pausedAt === null ? 0 : buffer.nextKey - pausedAt;

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-1">
      <div className="flex flex-wrap items-center gap-3 text-xs text-zinc-600 dark:text-zinc-400">
        {status === "loading" ? (
          <Spinner label="loading the log" />
        ) : (
          status !== "failed" && <LiveIndicator status={status} />
        )}
        <span className="tabular-nums">{buffer.entries.length} lines</span>
        <CaptureIncident
          id={id}
          stream={stream}
          entries={buffer.entries}
          logRoot={() => scroller.current}
        />
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
      <LogToolbar
        query={query}
        onQuery={(q) => {
          setQuery(q);
          setMatchAt(-1);
        }}
        filter={filter}
        onFilter={setFilter}
        match={text ? { at: matchAt + 1, of: matches.length } : null}
        onStep={step}
        wrap={wrap}
        onWrap={setWrap}
        paused={pausedAt !== null}
        onPause={(p) => {
          if (!p) return resume();
          setHeld(true);
          pause();
        }}
        onJump={jump}
        onDownloadShown={() => saveText(logText(shown), `${stream}-shown.log`)}
        downloadUrl={logDownloadUrl(id, stream)}
      />
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
          <div
            className={`relative ${wrap ? "w-full" : "min-w-max"}`}
            style={{ height: virtualizer.getTotalSize() }}
          >
            {virtualizer.getVirtualItems().map((item) => {
              const entry = shown[item.index];
              if (!entry) return null;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  data-current-match={item.index === current || undefined}
                  ref={wrap ? virtualizer.measureElement : undefined}
                  className={`absolute top-0 left-0 w-full ${item.index === current ? "outline-2 -outline-offset-2 outline-amber-500" : ""}`}
                  style={{
                    height: wrap ? undefined : LINE_HEIGHT,
                    transform: `translateY(${item.start}px)`,
                  }}
                >
                  <LogLineView entry={entry} query={text} wrap={wrap} />
                </div>
              );
            })}
          </div>
          {shown.length === 0 && status !== "loading" && !error && (
            <p className="px-2 text-zinc-600 dark:text-zinc-400">
              {buffer.entries.length === 0 ? "Nothing in this log yet." : "No line matches."}
            </p>
          )}
        </div>
        {unseen > 0 && (
          <Button
            tone="primary"
            size="sm"
            className="absolute right-4 bottom-3 shadow"
            onClick={resume}
          >
            {unseen} new {unseen === 1 ? "line" : "lines"} — jump to end
          </Button>
        )}
      </div>
    </div>
  );
}
