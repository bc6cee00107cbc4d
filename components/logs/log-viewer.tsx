"use client";

import Link from "next/link";
import { useId, useState, type KeyboardEvent } from "react";
import { LogPane } from "@/components/logs/log-pane";
import type { LogStream } from "@/lib/client/types";

/** Tabs over a process's log streams (stdout / stderr, or the journal); one is followed at a time. */
export function LogViewer({
  id,
  streams,
  initial,
}: {
  id: string;
  streams: LogStream[];
  /** The stream shown first (stderr for what crashed); the first stream otherwise. */
  initial?: LogStream | null;
}) {
  const [active, setActive] = useState<LogStream | null>(initial ?? streams[0] ?? null);
  const base = useId();
  const current = active && streams.includes(active) ? active : (streams[0] ?? null);
  if (!current) return <p className="text-zinc-500">This process has no log Respawn can read.</p>;

  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    const next = streams[(streams.indexOf(current) + step + streams.length) % streams.length];
    if (!next) return;
    setActive(next);
    document.getElementById(`${base}-${next}`)?.focus();
  };

  return (
    <section aria-label="Logs" className="flex min-h-0 flex-1 flex-col gap-1">
      <div className="flex flex-wrap items-center gap-1">
        <div role="tablist" aria-label="Log streams" className="flex gap-1" onKeyDown={onKeyDown}>
          {streams.map((s) => (
            <button
              key={s}
              type="button"
              role="tab"
              id={`${base}-${s}`}
              aria-selected={s === current}
              aria-controls={`${base}-panel`}
              tabIndex={s === current ? 0 : -1}
              onClick={() => setActive(s)}
              className={`rounded-t border-b-2 px-3 py-1 text-sm ${
                s === current
                  ? "border-blue-600 font-medium"
                  : "border-transparent text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200"
              }`}
            >
              {s}
            </button>
          ))}
        </div>
        <Link
          href={`/incidents?process=${encodeURIComponent(id)}`}
          className="ml-auto self-center text-sm text-blue-700 hover:underline dark:text-blue-400"
        >
          Incidents of this process
        </Link>
      </div>
      <div
        role="tabpanel"
        id={`${base}-panel`}
        aria-labelledby={`${base}-${current}`}
        className="flex min-h-0 flex-1 flex-col"
      >
        <LogPane key={current} id={id} stream={current} />
      </div>
    </section>
  );
}
