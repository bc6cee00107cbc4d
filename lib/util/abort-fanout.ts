/**
 * One "abort" listener per signal, however many calls wait on it. A poll reads every unit at once
 * under one deadline signal; a listener per call put 11+ on it and Node printed
 * MaxListenersExceededWarning on every poll of a host with more than five units.
 */
const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/** Runs `fn` when `signal` aborts; the returned function forgets it (call it when the work settles). */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  let fns = waiting.get(signal);
  if (!fns) {
    const set = new Set<() => void>();
    fns = set;
    waiting.set(signal, set);
    signal.addEventListener(
      "abort",
      () => {
        waiting.delete(signal);
        for (const f of [...set]) f();
      },
      { once: true },
    );
  }
  const set = fns;
  set.add(fn);
  return () => void set.delete(fn);
}
