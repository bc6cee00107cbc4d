import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { StateBadge } from "@/components/state-badge";
import { setupUiTest } from "@/components/test-utils";
import { PROCESS_STATES } from "@/lib/connectors/types";

describe("StateBadge", () => {
  setupUiTest();

  it("says each state in words, with the backend's own word in the tooltip", () => {
    render(<StateBadge state="starting" raw="BACKOFF" />);
    const badge = screen.getByText("starting");
    expect(badge.getAttribute("title")).toBe("starting (BACKOFF)");
  });

  it("makes gave-up look unlike every other state", () => {
    const { container } = render(
      <>
        {PROCESS_STATES.map((s) => (
          <StateBadge key={s} state={s} />
        ))}
      </>,
    );
    const badges = [...container.querySelectorAll("[data-state]")];
    const gaveUp = badges.find((b) => b.getAttribute("data-state") === "gave-up");
    expect(gaveUp?.textContent).toBe("⚠gave up");
    expect(gaveUp?.className).toContain("bg-red-600");
    for (const other of badges.filter((b) => b !== gaveUp)) {
      expect(other.className).not.toContain("bg-red-600");
      expect(other.textContent).not.toContain("⚠");
    }
  });
});
