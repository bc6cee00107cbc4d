import { getAuthDb } from "./db";
import { isSessionAlive } from "./sessions";

const RECHECK_MS = 15_000;

/** Calls `end` when the session behind a long-lived stream ends; returns a cleanup. */
export function endWithSession(tokenHash: string, end: () => void): () => void {
  const timer = setInterval(() => {
    let alive = false;
    try {
      alive = isSessionAlive(getAuthDb(), tokenHash);
    } catch {
      alive = true; // a store hiccup is not a sign-out
    }
    if (!alive) end();
  }, RECHECK_MS);
  timer.unref?.();
  return () => clearInterval(timer);
}
