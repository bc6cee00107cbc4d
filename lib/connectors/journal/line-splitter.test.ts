import { describe, expect, it } from "vitest";
import { createLineSplitter } from "./line-splitter";

function split(chunks: string[], max = 10) {
  const lines: string[] = [];
  let oversized = 0;
  const s = createLineSplitter(max, (l) => lines.push(l), () => void oversized++);
  for (const c of chunks) s.push(Buffer.from(c));
  return { lines, oversized };
}

describe("line splitter", () => {
  it("joins lines split across chunks and splits chunks holding several", () => {
    expect(split(["ab", "c\nde\nf", "g\n"]).lines).toEqual(["abc", "de", "fg"]);
  });

  it("drops a line longer than the cap without buffering it, then carries on", () => {
    expect(split(["0123456789abc", "def\nok\n"])).toEqual({ lines: ["ok"], oversized: 1 });
  });

  it("hands a line over the cap to the sink as head, rest and end, then carries on", () => {
    const got: string[] = [];
    const s = createLineSplitter(4, (l) => got.push(`line:${l}`), (head) => {
      got.push(`head:${head.toString()}`);
      return { push: (b) => got.push(`rest:${b.toString()}`), end: () => got.push("end") };
    });
    s.push(Buffer.from("ab"));
    s.push(Buffer.from("cdefg"));
    s.push(Buffer.from("hi\nok\n"));
    expect(got).toEqual(["head:ab", "rest:cdefg", "rest:hi", "end", "line:ok"]);
  });

  it("keeps a multi-byte character cut between chunks intact", () => {
    const bytes = Buffer.from("é\n");
    const lines: string[] = [];
    const s = createLineSplitter(10, (l) => lines.push(l));
    s.push(bytes.subarray(0, 1));
    s.push(bytes.subarray(1));
    expect(lines).toEqual(["é"]);
  });
});
