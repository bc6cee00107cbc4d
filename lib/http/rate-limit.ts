/**
 * In-memory failure counters with lockout and backoff, for sign-in. One server process serves
 * the dashboard, so memory is the right place: a restart forgets, which only ever unlocks.
 */

export interface RateLimitOptions {
  /** Failures allowed within the window before the key is locked. */
  maxFailures: number;
  windowMs: number;
  /** First lock; each further lock of the same key within maxLockMs doubles it. */
  lockMs: number;
  maxLockMs: number;
}

interface Entry {
  failures: number[];
  lockedUntil: number;
  locks: number;
  lastLockAt: number;
}

export interface RateLimiter {
  /** Ms until the key may try again; 0 when it may now. */
  retryAfter(key: string, now?: number): number;
  /** Counts a failure; returns the ms of lock it caused (0 when not locked). */
  fail(key: string, now?: number): number;
  reset(key: string): void;
}

export function createRateLimiter(o: RateLimitOptions): RateLimiter {
  const entries = new Map<string, Entry>();
  const prune = (now: number) => {
    if (entries.size < 10_000) return;
    for (const [k, e] of entries) if (e.lockedUntil < now && e.failures.every((t) => now - t > o.windowMs)) entries.delete(k);
  };
  return {
    retryAfter(key, now = Date.now()) {
      const e = entries.get(key);
      return e && e.lockedUntil > now ? e.lockedUntil - now : 0;
    },
    fail(key, now = Date.now()) {
      prune(now);
      const e = entries.get(key) ?? { failures: [], lockedUntil: 0, locks: 0, lastLockAt: 0 };
      entries.set(key, e);
      e.failures = e.failures.filter((t) => now - t < o.windowMs);
      e.failures.push(now);
      if (e.failures.length < o.maxFailures) return 0;
      if (now - e.lastLockAt > o.maxLockMs) e.locks = 0;
      const lock = Math.min(o.lockMs * 2 ** e.locks, o.maxLockMs);
      e.locks += 1;
      e.lastLockAt = now;
      e.lockedUntil = now + lock;
      e.failures = [];
      return lock;
    },
    reset(key) {
      entries.delete(key);
    },
  };
}
