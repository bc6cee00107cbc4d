import type { AuditInput } from "./append";

/**
 * Refused cross-site and GET-to-action requests, aggregated: a page that fires thousands of
 * forged requests would otherwise bury every other audit entry. The first refusal of a kind
 * (action, actor, address, reason) in a window is written as it is; the rest are counted and
 * written as one summary entry when the window closes.
 */
export interface RefusalLog {
  record(input: AuditInput): void;
  /** Writes every pending summary now (shutdown, tests). */
  flush(): void;
}

export interface RefusalLogOptions {
  append: (input: AuditInput, at: number) => void;
  windowMs?: number;
  /** Kinds tracked at once; beyond it refusals share one "many addresses" kind. */
  maxKinds?: number;
  now?: () => number;
  onError?: (e: unknown) => void;
}

interface Window {
  first: AuditInput;
  startedAt: number;
  more: number;
  timer: ReturnType<typeof setTimeout>;
}

export function createRefusalLog(o: RefusalLogOptions): RefusalLog {
  const windowMs = o.windowMs ?? 60_000;
  const maxKinds = o.maxKinds ?? 1_000;
  const now = o.now ?? Date.now;
  const open = new Map<string, Window>();
  const write = (input: AuditInput, at: number) => {
    try {
      o.append(input, at);
    } catch (e) {
      o.onError?.(e);
    }
  };
  const close = (key: string) => {
    const w = open.get(key);
    if (!w) return;
    open.delete(key);
    clearTimeout(w.timer);
    if (w.more === 0) return;
    const seconds = Math.round((now() - w.startedAt) / 1000);
    const from = w.first.address ? ` from ${w.first.address}` : "";
    write({ ...w.first, detail: `${w.more} more refused request(s)${from} in ${seconds} s (aggregated; first: ${w.first.detail ?? "refused"})` }, now());
  };
  return {
    record(input) {
      let key = [input.action, input.actor, input.address ?? "", input.detail ?? ""].join("\u0000");
      if (!open.has(key) && open.size >= maxKinds) key = `${input.action}\u0000*`;
      const w = open.get(key);
      if (w) {
        w.more++;
        return;
      }
      const timer = setTimeout(() => close(key), windowMs);
      timer.unref?.();
      open.set(key, { first: key.endsWith("\u0000*") ? { ...input, address: null } : input, startedAt: now(), more: 0, timer });
      write(input, now());
    },
    flush() {
      for (const key of [...open.keys()]) close(key);
    },
  };
}
