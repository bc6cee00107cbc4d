import { describe, expect, it } from "vitest";
import { summarize } from "@/components/overview/batch-results";
import type { BatchOutcome } from "@/lib/client/use-batch-action";

const line = (outcome: BatchOutcome["outcome"], i: number): BatchOutcome => ({
  id: String(i),
  name: `p${i}`,
  hostName: "h",
  outcome,
  message: "",
});

describe("batch summary", () => {
  it("counts every outcome word, so an unknown is never folded into done or failed", () => {
    expect(summarize([line("done", 1), line("failed", 2), line("unknown", 3)])).toBe("1 done, 1 failed, 1 unknown of 3");
    expect(summarize([line("failed", 1), line("failed", 2)])).toBe("2 failed of 2");
    expect(summarize([line("done", 1)])).toBe("all 1 done");
  });
});
