import { describe, expect, it } from "vitest";
import { appendChunk, EMPTY_LOG } from "@/lib/client/log-buffer";
import type { LogChunk } from "@/lib/client/types";

const chunk = (texts: string[], over: Partial<LogChunk> = {}): LogChunk => ({
  lines: texts.map((text) => ({ text, ts: null, priority: null, stream: "stdout" })),
  cursor: "c",
  rotated: false,
  truncated: false,
  ...over,
});
const texts = (b: typeof EMPTY_LOG) =>
  b.entries.map((e) => (e.kind === "line" ? e.line.text : `[${e.text}]`));

describe("appendChunk", () => {
  it("appends lines with growing keys", () => {
    const b = appendChunk(appendChunk(EMPTY_LOG, chunk(["a", "b"])), chunk(["c"]));
    expect(texts(b)).toEqual(["a", "b", "c"]);
    expect(b.entries.map((e) => e.key)).toEqual([0, 1, 2]);
  });

  it("puts a marker line where the log was rotated", () => {
    const b = appendChunk(appendChunk(EMPTY_LOG, chunk(["a"])), chunk(["x"], { rotated: true }));
    expect(texts(b)).toEqual(["a", "[log rotated — reading the new file from its start]", "x"]);
  });

  it("says when the first tail was cut short", () => {
    expect(texts(appendChunk(EMPTY_LOG, chunk(["a"], { truncated: true })))[0]).toBe(
      "[earlier lines not loaded]",
    );
  });

  it("keeps only the newest lines within the cap", () => {
    let b = EMPTY_LOG;
    for (let i = 0; i < 5; i++) b = appendChunk(b, chunk([`l${i}a`, `l${i}b`]), 3);
    expect(texts(b)).toEqual(["l3b", "l4a", "l4b"]);
    expect(b.dropped).toBe(7);
    expect(b.nextKey).toBe(10);
  });

  it("returns the same buffer for an empty chunk", () => {
    const b = appendChunk(EMPTY_LOG, chunk(["a"]));
    expect(appendChunk(b, chunk([]))).toBe(b);
  });
});
