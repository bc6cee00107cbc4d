import type { LogChunk, LogLine, LogStream, ReadLogOptions } from "@/lib/connectors/types";
import { RespawnError } from "@/lib/util/errors";

/**
 * In-memory log of one (process, stream). The cursor is `generation:index`, so a rotation (the
 * buffer is cleared and the generation moves on) is seen by any reader holding an older cursor.
 */
export class FakeLog {
  private lines: LogLine[] = [];
  private generation = 0;
  private waiters = new Set<() => void>();

  constructor(private readonly stream: LogStream) {}

  append(texts: string[]): void {
    for (const text of texts)
      this.lines.push({ text, ts: Date.now(), priority: null, stream: this.stream });
    this.wake();
  }

  rotate(): void {
    this.lines = [];
    this.generation += 1;
    this.wake();
  }

  read(options: ReadLogOptions): LogChunk {
    const maxLines = options.maxLines ?? 1000;
    const end = this.lines.length;
    const cursor = options.cursor ? this.parseCursor(options.cursor) : null;
    if (!cursor) {
      const start = Math.max(0, end - maxLines);
      return this.chunk(start, end, false, start > 0);
    }
    const rotated = cursor.generation !== this.generation || cursor.index > end;
    const from = rotated ? 0 : cursor.index;
    return this.chunk(from, Math.min(end, from + maxLines), rotated, false);
  }

  /** Resolves when something is appended or the signal aborts. */
  waitForChange(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.waiters.add(done);
      signal.addEventListener("abort", done, { once: true });
    });
  }

  private chunk(from: number, to: number, rotated: boolean, truncated: boolean): LogChunk {
    return {
      lines: this.lines.slice(from, to),
      cursor: `${this.generation}:${to}`,
      rotated,
      truncated,
    };
  }

  private parseCursor(cursor: string): { generation: number; index: number } {
    const m = /^(\d+):(\d+)$/.exec(cursor);
    if (!m) throw new RespawnError("INVALID", `not a log cursor: ${cursor.slice(0, 40)}`);
    return { generation: Number(m[1]), index: Number(m[2]) };
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}
