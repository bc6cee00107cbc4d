import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { IncidentSnapshot } from "@/lib/incidents/types";
import { IncidentFacts } from "./incident-facts";

const base: IncidentSnapshot = {
  version: 1,
  capturedAt: 0,
  process: { id: "p", hostId: "h", manager: "supervisord", name: "gateway", state: "gave-up", rawState: "FATAL", description: "", since: null, exitStatus: 1, exitSignal: null, spawnError: null, restarts: 3 },
  streams: [],
  exits: [],
  timeline: [],
  policy: { source: "details", values: {} },
  highlight: null,
  redactions: 0,
};
const change = (at: number, toState: string) => ({ at, fromState: "running", toState, rawState: toState, exitStatus: 1, signal: null, cause: "poll", actor: null });

afterEach(cleanup);

describe("IncidentFacts timeline", () => {
  it("is a named list in the Tab order, so a long scrolled timeline is readable by keyboard", () => {
    render(<IncidentFacts snapshot={{ ...base, timeline: [change(1_000, "crashed"), change(2_000, "gave-up")] }} />);
    const list = screen.getByRole("list", { name: "Timeline" });
    expect(list.querySelectorAll("li")).toHaveLength(2);
    expect(list.tabIndex).toBe(0); // in the natural Tab order, not only focusable by script
    list.focus();
    expect(document.activeElement).toBe(list);
  });

  it("adds no empty tab stop when nothing was recorded", () => {
    render(<IncidentFacts snapshot={base} />);
    expect(screen.queryByRole("list", { name: "Timeline" })).toBeNull();
    expect(screen.getByText("No changes recorded.")).toBeTruthy();
  });
});
