"use client";

import { useEffect } from "react";

/** "(2) gave up — gateway — Respawn": the count of what gave up leads, so a background tab shows it. */
export function pageTitle(gaveUp: number, subject?: string): string {
  const parts = [gaveUp > 0 ? `(${gaveUp}) gave up` : null, subject, "Respawn"];
  return parts.filter(Boolean).join(" — ");
}

/** Keeps the tab's title in step with the fleet. */
export function useTitle(gaveUp: number, subject?: string): void {
  useEffect(() => {
    document.title = pageTitle(gaveUp, subject);
  }, [gaveUp, subject]);
}
