import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Overview } from "@/components/overview/overview";
import { renderUi, setupUiTest, stubFetch } from "@/components/test-utils";
import { makeEndpoint, makeProcess } from "@/lib/client/test-data";
import type { ProcessView } from "@/lib/client/types";

const HINT = "install Respawn's supervisord event listener to make them exact";

function history(hour: number, day: number, total: number, exact: boolean, flapping = false): ProcessView["history"] {
  return {
    lastHour: { count: hour, exact },
    last24h: { count: day, exact },
    sinceFirstSeen: { count: total, exact, since: 0 },
    flapping,
    hint: exact ? null : HINT,
  };
}

const processes = [
  makeProcess("a", { name: "steady", history: history(0, 1, 4, true) }),
  makeProcess("b", { name: "polled", history: history(3, 3, 9, false) }),
  makeProcess("c", { name: "flappy", history: history(12, 30, 31, true, true) }),
  makeProcess("d", { name: "unknown", history: null }),
];

const rowNames = () => [...document.querySelectorAll("[data-process] a")].map((a) => a.textContent);
const cell = (id: string, col: string) =>
  document.querySelector(`[data-process='${id}'] [data-col='${col}'] span`) as HTMLElement;

async function renderOverview() {
  stubFetch({ "GET /api/fleet": () => ({ body: { seq: 1, endpoints: [makeEndpoint()], processes } }) });
  renderUi(<Overview />);
  await screen.findByText("steady");
}

describe("Overview restart counts and flapping", () => {
  setupUiTest();

  it("shows exact counts as numbers and polled ones as ≥N with the hint in the tooltip", async () => {
    await renderOverview();
    expect(cell("a", "restarts1h").textContent).toBe("0");
    expect(cell("a", "restartsTotal").textContent).toBe("4");
    expect(cell("a", "restartsTotal").title).toBe("");
    expect(cell("b", "restarts1h").textContent).toBe("≥3");
    expect(cell("b", "restartsTotal").textContent).toBe("≥9");
    expect(cell("b", "restartsTotal").title).toBe(`at least 9: ${HINT}`);
    expect(cell("d", "restarts24h").textContent).toBe("—");
  });

  it("sorts by restarts in the last 24 hours, unknown last", async () => {
    await renderOverview();
    fireEvent.click(screen.getByRole("button", { name: /^24 h/ }));
    expect(rowNames()).toEqual(["steady", "polled", "flappy", "unknown"]);
    fireEvent.click(screen.getByRole("button", { name: /^24 h/ }));
    expect(rowNames()).toEqual(["flappy", "polled", "steady", "unknown"]);
  });

  it("marks flapping rows, counts them in the header, and filters on them", async () => {
    await renderOverview();
    const row = document.querySelector("[data-process='c']") as HTMLElement;
    expect(row.getAttribute("data-flapping")).toBe("true");
    expect(row.textContent).toContain("↻ flapping");
    expect(document.querySelector("[data-process='a']")?.getAttribute("data-flapping")).toBeNull();
    const chip = screen.getByRole("button", { name: /flapping 1/ });
    fireEvent.click(chip);
    await waitFor(() => expect(rowNames()).toEqual(["flappy"]));
    expect(chip.getAttribute("aria-pressed")).toBe("true");
    fireEvent.click(screen.getByRole("button", { name: /^all/ }));
    await waitFor(() => expect(rowNames()).toHaveLength(4));
    expect(chip.getAttribute("aria-pressed")).toBe("false");
  });
});
