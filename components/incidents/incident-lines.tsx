"use client";

import { useEffect, useState } from "react";
import { LogText } from "@/components/logs/log-text";
import type { IncidentSnapshot } from "@/lib/incidents/types";

type Range = { from: number; to: number };

/** `#L12` or `#L10-L20` → a range of line numbers. */
export function parseLineHash(hash: string): Range | null {
  const m = /^#L(\d{1,7})(?:-L?(\d{1,7}))?$/.exec(hash);
  if (!m) return null;
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : a;
  return { from: Math.min(a, b), to: Math.max(a, b) };
}

function useHashRange(): [Range | null, (r: Range) => void] {
  const [range, setRange] = useState<Range | null>(null);
  useEffect(() => {
    const read = () => setRange(parseLineHash(window.location.hash));
    read();
    const target = parseLineHash(window.location.hash);
    if (target) document.getElementById(`L${target.from}`)?.scrollIntoView({ block: "center" });
    window.addEventListener("hashchange", read);
    return () => window.removeEventListener("hashchange", read);
  }, []);
  const select = (r: Range) => {
    const hash = r.from === r.to ? `#L${r.from}` : `#L${r.from}-L${r.to}`;
    history.replaceState(null, "", hash);
    setRange(r);
  };
  return [range, select];
}

const inRange = (n: number, r: Range | null) => r !== null && n >= r.from && n <= r.to;

/**
 * The captured lines of every stream, each with its anchor (#L120). A click on a number selects
 * that line, a shift-click a range; the author's selection is highlighted until then.
 */
export function IncidentLines({ snapshot }: { snapshot: IncidentSnapshot }) {
  const [range, select] = useHashRange();
  const shown = range ?? snapshot.highlight;
  return (
    <div className="space-y-4">
      {snapshot.streams.map((s) => (
        <section key={s.stream} aria-label={`${s.stream} lines`}>
          <h3 className="mb-1 font-semibold">
            {s.stream} <span className="font-normal text-zinc-500">({s.lines.length} lines{s.truncated ? ", older ones not kept" : ""})</span>
          </h3>
          {s.error ? <p className="text-amber-700 dark:text-amber-400">This log {s.error}</p> : null}
          {s.lines.length === 0 && !s.error ? <p className="text-zinc-500">No lines.</p> : null}
          <ol tabIndex={0} aria-label={`${s.stream} lines`} className="overflow-x-auto rounded focus-visible:outline-2 focus-visible:outline-sky-600 border border-zinc-200 bg-zinc-50 font-mono text-xs dark:border-zinc-800 dark:bg-zinc-900">
            {s.lines.map((l) => (
              <li
                key={l.n}
                id={`L${l.n}`}
                data-selected={inRange(l.n, shown) ? "true" : undefined}
                className={`flex gap-3 whitespace-pre px-2 ${inRange(l.n, shown) ? "bg-yellow-100 dark:bg-yellow-900/40" : ""} ${
                  l.priority !== null && l.priority <= 3 ? "text-red-700 dark:text-red-400" : ""
                }`}
              >
                <a
                  href={`#L${l.n}`}
                  className="w-12 shrink-0 select-none text-right text-zinc-400 hover:text-blue-600"
                  onClick={(e) => {
                    e.preventDefault();
                    select(e.shiftKey && range ? { from: Math.min(range.from, l.n), to: Math.max(range.from, l.n) } : { from: l.n, to: l.n });
                  }}
                >
                  {l.n}
                </a>
                {l.ts !== null ? <span className="shrink-0 text-zinc-500">{new Date(l.ts).toISOString().slice(11, 23)}</span> : null}
                <LogText text={l.text} />
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
