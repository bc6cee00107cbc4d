"use client";

import { useEffect } from "react";

/** "(2) gave up — gateway — Respawn": the count of what gave up leads, so a background tab shows it. */
export function pageTitle(gaveUp: number, subject?: string): string {
  const parts = [gaveUp > 0 ? `(${gaveUp}) gave up` : null, subject, "Respawn"];
  return parts.filter(Boolean).join(" — ");
}

/** Keeps the tab's title in step with the fleet, also after Next writes the page's static title. */
export function useTitle(gaveUp: number, subject?: string): void {
  useEffect(() => {
    const title = pageTitle(gaveUp, subject);
    const apply = () => {
      if (document.title !== title) document.title = title;
    };
    apply();
    // The page's metadata may arrive after this effect (it is streamed): put the live title back.
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, [gaveUp, subject]);
}
