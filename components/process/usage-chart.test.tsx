import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { UsageChart } from "@/components/process/usage-chart";
import { renderUi, setupUiTest, stubFetch } from "@/components/test-utils";

describe("UsageChart", () => {
  setupUiTest();

  it("draws CPU and memory of the stored minutes, with now and peak in words", async () => {
    const now = Date.now();
    const minutes = [
      { at: now - 3 * 60_000, cpuPercent: 2, memoryBytes: 10 * 1024 * 1024 },
      { at: now - 2 * 60_000, cpuPercent: 40, memoryBytes: 30 * 1024 * 1024 },
      { at: now - 60_000, cpuPercent: 5, memoryBytes: 20 * 1024 * 1024 },
    ];
    stubFetch({ "GET /api/processes/p1/usage/history": () => ({ body: { minutes, now } }) });
    renderUi(<UsageChart processId="p1" />);
    expect(await screen.findByRole("img", { name: "CPU: now 5.0 %, peak 40.0 % in the last 24 h" })).toBeTruthy();
    const mem = screen.getByRole("img", { name: "Memory: now 20.0 MiB, peak 30.0 MiB in the last 24 h" });
    expect(mem.querySelector("path")?.getAttribute("d")?.split(/[ML]/).filter(Boolean)).toHaveLength(3);
    expect(screen.getByText(/3 sampled minutes/)).toBeTruthy();
  });

  it("says when there are no readings yet instead of drawing an empty frame", async () => {
    stubFetch({ "GET /api/processes/p1/usage/history": () => ({ body: { minutes: [], now: Date.now() } }) });
    renderUi(<UsageChart processId="p1" />);
    expect(await screen.findByText(/No readings yet/)).toBeTruthy();
    expect(screen.queryByRole("img")).toBeNull();
  });
});
