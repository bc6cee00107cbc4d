/**
 * Caps on live streams (SSE), so one user or one runaway script cannot hold every socket and
 * the memory behind them: a per-owner cap (the signed-in user, else the client address) and a
 * cap over all owners. A refused stream is answered 429 by `sseResponse`.
 */

export interface StreamLimits {
  /** Concurrent streams one user (or one client address) may hold. */
  perOwner: number;
  /** Concurrent streams over all users. */
  total: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { perOwner: 20, total: 2_000 };

type OwnerResolver = (request: Request) => string | null | undefined;

const slot = globalThis as typeof globalThis & {
  __respawnStreamLimits?: { limits: StreamLimits; counts: Map<string, number>; total: number; owner?: OwnerResolver };
};

// On globalThis: Next bundles each route separately, and every route must count against one table.
function table() {
  slot.__respawnStreamLimits ??= { limits: { ...DEFAULT_STREAM_LIMITS }, counts: new Map(), total: 0 };
  return slot.__respawnStreamLimits;
}

/** Sets the caps (from the configuration at start-up). */
export function configureStreamLimits(limits: Partial<StreamLimits>): void {
  const t = table();
  t.limits = { ...t.limits, ...limits };
}

/**
 * Lets sign-in tell who owns a request (a user id from the session). Without it, or when it
 * answers nothing, streams are counted per client address.
 */
export function setStreamOwnerResolver(resolve: OwnerResolver): void {
  table().owner = resolve;
}

/** Who a stream is counted against: `user:<id>` when signed in, else `addr:<client address>`. */
export function streamOwner(request: Request): string {
  const user = table().owner?.(request);
  if (user) return `user:${user}`;
  // Next sets x-forwarded-for to the socket's address unless a proxy in front already set it;
  // the last entry is the one the nearest hop vouches for (as lib/auth counts addresses).
  const forwarded = request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim().slice(0, 100);
  return `addr:${forwarded || "unknown"}`;
}

export interface StreamSlot {
  owner: string;
  /** Gives the slot back; safe to call more than once. */
  release(): void;
}

/** Takes a slot for `owner`, or returns null when a cap is reached. */
export function acquireStreamSlot(owner: string): StreamSlot | null {
  const t = table();
  const held = t.counts.get(owner) ?? 0;
  if (held >= t.limits.perOwner || t.total >= t.limits.total) return null;
  t.counts.set(owner, held + 1);
  t.total += 1;
  let released = false;
  return {
    owner,
    release() {
      if (released) return;
      released = true;
      const now = (t.counts.get(owner) ?? 1) - 1;
      if (now <= 0) t.counts.delete(owner);
      else t.counts.set(owner, now);
      t.total = Math.max(0, t.total - 1);
    },
  };
}

/** Streams held right now, over all owners (for /metrics and tests). */
export function heldStreamSlots(): number {
  return table().total;
}
