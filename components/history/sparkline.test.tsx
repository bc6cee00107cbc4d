import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Sparkline, sparkBars } from "@/components/history/sparkline";

describe("Sparkline", () => {
  it("scales bars to the largest value and treats anything that is not a positive number as zero", () => {
    const bars = sparkBars([0, Number.NaN, -3, 2, 4], 50, 21);
    expect(bars.map((b) => b.value)).toEqual([0, 0, 0, 2, 4]);
    expect(bars.map((b) => b.height)).toEqual([1, 1, 1, 10, 20]);
    expect(bars.map((b) => b.x)).toEqual([0, 10, 20, 30, 40]);
    expect(bars.every((b) => b.y + b.height === 21)).toBe(true);
  });

  it("draws one rect per value inside an SVG labelled for screen readers", () => {
    const { container } = render(<Sparkline values={[1, 0, 3]} label="4 restarts" />);
    const svg = container.querySelector("svg[role='img']");
    expect(svg?.getAttribute("aria-label")).toBe("4 restarts");
    expect([...container.querySelectorAll("rect")].map((r) => r.getAttribute("data-value"))).toEqual(["1", "0", "3"]);
  });
});
