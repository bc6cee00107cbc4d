"use client";

import { useEffect, useRef } from "react";
import { Button } from "@/components/button";

const SHORTCUTS: Array<[string, string]> = [
  ["/", "focus the filter (the overview) or the log search (a process page)"],
  ["?", "show this list"],
  ["Enter / Shift+Enter", "in the log search: next / previous match"],
  ["← →", "on the log tabs: the other stream"],
  ["Esc", "close a dialog"],
];

function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))
  );
}

/** Page-wide keys: "/" focuses the page's filter (any `[data-shortcut-filter]`), "?" lists the keys. */
export function Shortcuts() {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (e.key === "/") {
        const filter = document.querySelector<HTMLElement>("[data-shortcut-filter]");
        if (!filter) return;
        e.preventDefault();
        filter.focus();
      } else if (e.key === "?" && !dialog.current?.open) {
        e.preventDefault();
        dialog.current?.showModal();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <dialog
      ref={dialog}
      aria-labelledby="shortcuts-title"
      className="m-auto max-w-md rounded border border-zinc-300 bg-white p-4 text-zinc-900 shadow-lg backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <h2 id="shortcuts-title" className="mb-2 font-semibold">
        Keyboard shortcuts
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        {SHORTCUTS.map(([key, what]) => (
          <div key={key} className="contents">
            <dt>
              <kbd className="rounded border border-zinc-300 px-1 font-mono text-xs dark:border-zinc-600">
                {key}
              </kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog" className="mt-3 text-right">
        <Button type="submit">Close</Button>
      </form>
    </dialog>
  );
}
