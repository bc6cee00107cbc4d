"use client";

import type { ReactNode } from "react";
import { StateBadge } from "@/components/state-badge";
import { UsageLine } from "@/components/process/usage-line";
import { FlappingMark } from "@/components/history/restart-count";
import { formatAgo, formatExit } from "@/lib/client/format";
import type { ProcessView } from "@/lib/client/types";
import { useErrorLines } from "@/lib/client/use-error-lines";
import { useNow } from "@/lib/client/use-now";
import { managerReason, needsWhy, troubled } from "@/lib/client/why";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="break-words">{children ?? <span className="text-zinc-500">—</span>}</dd>
    </div>
  );
}

/** Runs of one same line become one line with a count: a crash loop prints the same error each try. */
function collapseRepeats(texts: string[]): string[] {
  const out: { text: string; n: number }[] = [];
  for (const text of texts) {
    const last = out.at(-1);
    if (last && last.text === text) last.n += 1;
    else out.push({ text, n: 1 });
  }
  return out.map((r) => (r.n > 1 ? `${r.text}  (×${r.n})` : r.text));
}

function ErrorLinesView({ process }: { process: ProcessView }) {
  const { lines, stream, loading, error } = useErrorLines(process);
  if (!stream) return null;
  return (
    <figure aria-label="Last error lines" className="min-w-0 space-y-1">
      <figcaption className="text-xs text-zinc-600 dark:text-zinc-400">
        Last lines of {stream}
        {troubled(process) ? " before it stopped" : ""}
      </figcaption>
      {error ? (
        <p className="text-red-700 dark:text-red-400">Could not read the log: {error.message}</p>
      ) : loading ? (
        <p className="text-zinc-600 dark:text-zinc-400">Reading the log…</p>
      ) : lines.length === 0 ? (
        <p className="text-zinc-600 dark:text-zinc-400">Nothing in this log.</p>
      ) : (
        <pre
          data-error-lines
          className="max-h-40 overflow-auto rounded bg-zinc-900 px-2 py-1 font-mono text-xs leading-5 [overflow-wrap:anywhere] whitespace-pre-wrap text-zinc-100"
        >
          {collapseRepeats(lines.map((l) => l.text)).join("\n")}
        </pre>
      )}
    </figure>
  );
}

/** The first thing on a process page: its state, since when, how it last ended and why. */
export function WhyPanel({ process: p }: { process: ProcessView }) {
  const now = useNow();
  const loud = troubled(p);
  // A healthy process needs no log excerpt here: its facts fit on one line above the log.
  const explain = needsWhy(p);
  return (
    <section
      aria-label="What happened"
      className={`grid gap-3 rounded border p-3 ${explain ? "md:grid-cols-[minmax(16rem,22rem)_1fr]" : ""} ${
        loud
          ? "border-red-300 bg-red-50/60 dark:border-red-900 dark:bg-red-950/30"
          : "border-zinc-200 dark:border-zinc-800"
      }`}
    >
      <dl
        className={`grid grid-cols-2 content-start gap-2 ${explain ? "md:grid-cols-1" : "md:grid-cols-4"}`}
      >
        <Fact label="State">
          <span className="flex flex-wrap items-center gap-1.5">
            <StateBadge state={p.state} raw={p.rawState} />
            <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{p.rawState}</span>
            {p.history?.flapping && <FlappingMark />}
          </span>
        </Fact>
        <Fact label="Since">{p.since === null ? null : formatAgo(p.since, now)}</Fact>
        <Fact label="Last exit">{formatExit(p)}</Fact>
        {p.state !== "gave-up" && p.state !== "crashed" && p.state !== "stopped" && (
          <Fact label="CPU · memory">
            <UsageLine process={p} />
          </Fact>
        )}
        <Fact label="Manager's reason">
          {managerReason(p) && (
            <span className={loud ? "font-medium text-red-800 dark:text-red-300" : ""}>
              {managerReason(p)}
            </span>
          )}
        </Fact>
      </dl>
      {explain && <ErrorLinesView process={p} />}
    </section>
  );
}
