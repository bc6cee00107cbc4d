import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit";

const MIN = 60_000;

describe("createRateLimiter", () => {
  it("locks a key at the fifth failure in the window, and doubles the lock each time it comes back", () => {
    const l = createRateLimiter({ maxFailures: 5, windowMs: 15 * MIN, lockMs: 15 * MIN, maxLockMs: 60 * MIN });
    for (let i = 0; i < 4; i++) expect(l.fail("a", i)).toBe(0);
    expect(l.fail("a", 4)).toBe(15 * MIN);
    expect(l.retryAfter("a", 5)).toBeGreaterThan(0);
    expect(l.retryAfter("b", 5)).toBe(0);
    const t = 16 * MIN;
    expect(l.retryAfter("a", t)).toBe(0);
    for (let i = 0; i < 4; i++) l.fail("a", t + i);
    expect(l.fail("a", t + 4)).toBe(30 * MIN);
    const u = t + 31 * MIN;
    for (let i = 0; i < 4; i++) l.fail("a", u + i);
    expect(l.fail("a", u + 4)).toBe(60 * MIN);
  });

  it("forgets failures older than the window, and all of them on reset", () => {
    const l = createRateLimiter({ maxFailures: 3, windowMs: MIN, lockMs: MIN, maxLockMs: MIN });
    l.fail("a", 0);
    l.fail("a", 1);
    expect(l.fail("a", 2 * MIN)).toBe(0);
    l.fail("a", 2 * MIN + 1);
    l.reset("a");
    expect(l.fail("a", 2 * MIN + 2)).toBe(0);
  });
});
