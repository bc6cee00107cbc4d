import type { Db } from "@/lib/store/open-store";
import { isTransientStoreError } from "@/lib/store/open-store";

export type WriteOp = (db: Db) => void;

export interface WriteBufferOptions {
  /** Most writes held while the store is unavailable; the oldest go first when full. */
  max?: number;
  /** Delay before retrying held writes, ms. */
  retryMs?: number;
  /** A write that failed for a reason retrying cannot fix (a bug, a corrupt file). */
  onError?: (e: unknown) => void;
}

export interface WriteBuffer {
  /** Runs a write now, or holds it (in order) when the store is briefly unavailable. Never throws. */
  run(op: WriteOp): void;
  /** Tries the held writes now; true when none is left. */
  flush(): boolean;
  readonly pending: number;
  /** Writes lost because the buffer was full. */
  readonly dropped: number;
  close(): void;
}

/**
 * Keeps history writes from failing or blocking their caller (the poll loop, a request):
 * each write is its own short transaction; on SQLITE_BUSY / IOERR it waits in a bounded queue.
 */
export function createWriteBuffer(db: Db, options: WriteBufferOptions = {}): WriteBuffer {
  const max = options.max ?? 10_000;
  const retryMs = options.retryMs ?? 500;
  const queue: WriteOp[] = [];
  let dropped = 0;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  /** "ok", "retry" (transient failure: keep it), or "drop" (permanent failure). */
  const attempt = (op: WriteOp): "ok" | "retry" | "drop" => {
    try {
      db.transaction(() => op(db))();
      return "ok";
    } catch (e) {
      if (isTransientStoreError(e)) return "retry";
      options.onError?.(e);
      return "drop";
    }
  };
  const schedule = () => {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = null;
      if (!flush()) schedule();
    }, retryMs);
    timer.unref();
  };
  const hold = (op: WriteOp) => {
    queue.push(op);
    if (queue.length > max) {
      queue.shift();
      dropped += 1;
    }
    schedule();
  };
  const flush = (): boolean => {
    while (queue.length > 0) {
      const op = queue[0]!;
      if (attempt(op) === "retry") return false;
      queue.shift();
    }
    return true;
  };
  return {
    run(op) {
      if (closed) return;
      // Behind held writes, a new one waits its turn: order matters, and retrying here would block.
      if (queue.length > 0) return hold(op);
      if (attempt(op) === "retry") hold(op);
    },
    flush,
    get pending() {
      return queue.length;
    },
    get dropped() {
      return dropped;
    },
    close() {
      if (!closed && db.open) flush();
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
