"use client";

import Link from "next/link";
import { useState } from "react";
import { useMe } from "@/components/auth/use-me";
import { Button } from "@/components/button";
import { requestJson } from "@/lib/client/api";
import type { LogEntry } from "@/lib/client/log-buffer";
import type { LogStream } from "@/lib/client/types";

/** Lines of context kept around a selection, each side, unless the user changes it. */
export const DEFAULT_CONTEXT = 20;
const MAX_CONTEXT = 1_000;
const MAX_LINES = 2_000;

/** The entry indexes (data-index of the rows) the user's text selection spans inside `root`, if any. */
function selectedRange(root: Element | null): { lo: number; hi: number } | null {
  const sel = window.getSelection();
  if (!root || !sel || sel.isCollapsed || !sel.anchorNode || !sel.focusNode) return null;
  const indexOf = (n: Node) => {
    const el = (n instanceof Element ? n : n.parentElement)?.closest("[data-index]");
    return el && root.contains(el) ? Number(el.getAttribute("data-index")) : null;
  };
  const a = indexOf(sel.anchorNode);
  const b = indexOf(sel.focusNode);
  if (a === null || b === null) return null;
  return { lo: Math.min(a, b), hi: Math.max(a, b) };
}

/** The lines to send: the selection with some context, and where the selection lies in them. */
export function selectionPayload(entries: LogEntry[], lo: number, hi: number, context = DEFAULT_CONTEXT) {
  const lines: Array<{ text: string; ts: number | null; priority: number | null }> = [];
  let from = -1;
  let to = -1;
  const start = Math.max(0, lo - context);
  const end = Math.min(entries.length - 1, hi + context, start + MAX_LINES - 1);
  for (let i = start; i <= end; i++) {
    const e = entries[i];
    if (!e || e.kind !== "line") continue;
    if (i >= lo && from < 0) from = lines.length;
    if (i <= hi) to = lines.length;
    lines.push({ text: e.line.text, ts: e.line.ts, priority: e.line.priority });
  }
  return from < 0 || to < from ? null : { lines, from, to };
}

/** "Create incident" for a log view: from the selected lines, or from the last N minutes. */
export function CaptureIncident({ id, stream, entries, logRoot }: { id: string; stream: LogStream; entries: LogEntry[]; logRoot: () => Element | null }) {
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [range, setRange] = useState<{ lo: number; hi: number } | null>(null);
  const [mode, setMode] = useState<"selection" | "minutes">("minutes");
  const [minutes, setMinutes] = useState(15);
  const [context, setContext] = useState(DEFAULT_CONTEXT);
  const [title, setTitle] = useState("");
  const [comment, setComment] = useState("");
  const [created, setCreated] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (me && !me.can.control) return null;

  const begin = () => {
    const r = selectedRange(logRoot());
    setRange(r);
    setMode(r ? "selection" : "minutes");
    setCreated(null);
    setError(null);
    setOpen(true);
  };
  const submit = async () => {
    setError(null);
    const selection = mode === "selection" && range ? selectionPayload(entries, range.lo, range.hi, context) : null;
    if (mode === "selection" && !selection) return setError("The selection holds no log lines.");
    try {
      const body = { processId: id, title, comment, ...(selection ? { selection: { stream, ...selection } } : { lastMinutes: minutes }) };
      const r = await requestJson<{ id: number }>("/api/incidents", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      setCreated(r.id);
      setOpen(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <span className="relative">
      {/* Read the selection on mouse down: the click that follows may clear it. */}
      <Button size="sm" onMouseDown={begin} onKeyDown={(e) => e.key === "Enter" && begin()}>
        Create incident
      </Button>
      {created !== null ? (
        <Link href={`/incidents/${created}`} className="ml-2 text-blue-700 hover:underline dark:text-blue-400">
          Incident #{created} created
        </Link>
      ) : null}
      {open ? (
        <form
          aria-label="Create incident"
          className="absolute top-7 left-0 z-10 w-96 space-y-2 rounded border border-zinc-300 bg-white p-3 text-sm text-zinc-900 shadow dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label className="block">
            Title <input required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} className="w-full rounded border px-1" />
          </label>
          <label className="block">
            Comment <textarea maxLength={4000} value={comment} onChange={(e) => setComment(e.target.value)} className="w-full rounded border px-1" />
          </label>
          <SelectionChoice
            range={range}
            checked={mode === "selection"}
            onChoose={() => setMode("selection")}
            context={context}
            onContext={setContext}
            kept={range ? (selectionPayload(entries, range.lo, range.hi, context)?.lines.length ?? 0) : 0}
          />
          <label className="block">
            <input type="radio" checked={mode === "minutes"} onChange={() => setMode("minutes")} /> the last{" "}
            <input type="number" min={1} max={1440} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} className="w-16 rounded border px-1" /> minutes of every stream
          </label>
          {error ? <p role="alert" className="text-red-700 dark:text-red-400">{error}</p> : null}
          <div className="flex gap-2">
            <Button type="submit" tone="primary">
              Create
            </Button>
            <Button onClick={() => setOpen(false)}>Cancel</Button>
          </div>
        </form>
      ) : null}
    </span>
  );
}

/** "the selected lines (4) plus [20] lines of context on each side: 44 lines kept". */
function SelectionChoice(p: {
  range: { lo: number; hi: number } | null;
  checked: boolean;
  onChoose: () => void;
  context: number;
  onContext: (n: number) => void;
  kept: number;
}) {
  const selected = p.range ? p.range.hi - p.range.lo + 1 : 0;
  return (
    <div className="block">
      <label>
        <input type="radio" checked={p.checked} disabled={!p.range} onChange={p.onChoose} /> the selected lines
        {p.range ? ` (${selected})` : " (select lines in the log first)"}
      </label>
      {p.range ? (
        <p data-testid="capture-keeps" className="ml-5 text-xs text-zinc-600 dark:text-zinc-300">
          plus{" "}
          <input
            type="number"
            aria-label="Lines of context on each side"
            min={0}
            max={MAX_CONTEXT}
            value={p.context}
            onChange={(e) => p.onContext(Math.max(0, Math.min(MAX_CONTEXT, Math.floor(Number(e.target.value) || 0))))}
            className="w-16 rounded border px-1"
          />{" "}
          lines of context on each side: {p.kept} line{p.kept === 1 ? "" : "s"} kept, the selection highlighted
        </p>
      ) : null}
    </div>
  );
}
