import { describe, expect, it } from "vitest";
import type { LogEntry } from "@/lib/client/log-buffer";
import { DEFAULT_CONTEXT, selectionPayload } from "./capture-incident";

const entries: LogEntry[] = Array.from({ length: 1_000 }, (_, i) => ({
  key: i,
  kind: "line",
  line: { text: `line ${i}`, ts: null, priority: null, stream: "stdout" },
}));

describe("manual capture of selected lines", () => {
  it("keeps exactly the selection plus the context asked for on each side, and says where the selection is", () => {
    const p = selectionPayload(entries, 500, 503);
    expect(p?.lines).toHaveLength(4 + 2 * DEFAULT_CONTEXT);
    expect(p?.lines[p.from]?.text).toBe("line 500");
    expect(p?.lines[p.to]?.text).toBe("line 503");
    expect(selectionPayload(entries, 500, 503, 0)?.lines.map((l) => l.text)).toEqual(["line 500", "line 501", "line 502", "line 503"]);
    // Near the start, the context is what exists.
    expect(selectionPayload(entries, 2, 3, 10)?.lines).toHaveLength(2 + 2 + 10);
  });
});
