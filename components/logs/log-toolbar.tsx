"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";

export interface LogToolbarProps {
  query: string;
  onQuery: (q: string) => void;
  filter: boolean;
  onFilter: (f: boolean) => void;
  /** "3 of 12" position among the matches, or null with no query. */
  match: { at: number; of: number } | null;
  onStep: (step: 1 | -1) => void;
  wrap: boolean;
  onWrap: (w: boolean) => void;
  paused: boolean;
  onPause: (p: boolean) => void;
  onJump: (at: number) => boolean;
  onDownloadShown: () => void;
  downloadUrl: string;
}

/** Search (highlight, next/previous, filter), wrap, pause, jump to a time and the two downloads. */
export function LogToolbar(p: LogToolbarProps) {
  const [time, setTime] = useState("");
  const [jumpError, setJumpError] = useState<string | null>(null);
  const jump = (e: FormEvent) => {
    e.preventDefault();
    const at = Date.parse(/Z|[+-]\d\d:?\d\d$/.test(time) ? time : `${time}Z`);
    if (Number.isNaN(at)) return setJumpError("not a time: use 2026-12-08T01:02:03 (UTC)");
    setJumpError(p.onJump(at) ? null : "no line at or after that time");
  };
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs">
      <input
        type="search"
        value={p.query}
        onChange={(e) => p.onQuery(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && p.onStep(e.shiftKey ? -1 : 1)}
        placeholder="Search the log"
        aria-label="Search the log"
        data-shortcut-filter
        className="w-44 rounded border border-zinc-300 bg-white px-2 py-0.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      />
      <Button
        size="sm"
        onClick={() => p.onStep(-1)}
        disabled={!p.match?.of}
        aria-label="Previous match"
      >
        ↑
      </Button>
      <Button size="sm" onClick={() => p.onStep(1)} disabled={!p.match?.of} aria-label="Next match">
        ↓
      </Button>
      {p.match && (
        <span aria-live="polite" className="text-zinc-600 tabular-nums dark:text-zinc-400">
          {p.match.of === 0 ? "no match" : `${p.match.at} of ${p.match.of}`}
        </span>
      )}
      <label className="flex items-center gap-1">
        <input type="checkbox" checked={p.filter} onChange={(e) => p.onFilter(e.target.checked)} />
        only matches
      </label>
      <label className="flex items-center gap-1">
        <input type="checkbox" checked={p.wrap} onChange={(e) => p.onWrap(e.target.checked)} />
        wrap
      </label>
      <Button size="sm" onClick={() => p.onPause(!p.paused)}>
        {p.paused ? "Resume" : "Pause"}
      </Button>
      <form onSubmit={jump} className="flex items-center gap-1">
        <input
          value={time}
          onChange={(e) => setTime(e.target.value)}
          placeholder="2026-12-08T01:02 UTC"
          aria-label="Jump to time (UTC)"
          className="w-40 rounded border border-zinc-300 bg-white px-1.5 py-0.5 dark:border-zinc-700 dark:bg-zinc-900"
        />
        <Button size="sm" type="submit">
          Jump
        </Button>
        {jumpError && <span className="text-red-700 dark:text-red-400">{jumpError}</span>}
      </form>
      <Button size="sm" onClick={p.onDownloadShown}>
        Download shown
      </Button>
      <a
        href={p.downloadUrl}
        download
        className="rounded border border-zinc-300 px-1.5 py-0.5 font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Download whole log
      </a>
    </div>
  );
}
