import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { HostStrip } from "@/components/overview/host-strip";
import { setupUiTest } from "@/components/test-utils";
import { makeEndpoint } from "@/lib/client/test-data";

const many = (n: number, down: number) =>
  Array.from({ length: n }, (_, i) =>
    makeEndpoint({
      key: `h${i}/supervisord`,
      hostId: `h${i}`,
      hostName: `host-${String(i).padStart(2, "0")}`,
      status: i < down ? "down" : "up",
      error: i < down ? { code: "UNREACHABLE", message: "connection refused" } : null,
    }),
  );

describe("HostStrip", () => {
  setupUiTest();

  it("gives each of a few endpoints a card", () => {
    render(<HostStrip endpoints={many(3, 1)} />);
    expect(
      within(screen.getByRole("list", { name: "Hosts" })).getAllByRole("listitem"),
    ).toHaveLength(3);
  });

  it("at 50 endpoints shows cards only for those in trouble and one line for the rest", () => {
    render(<HostStrip endpoints={many(50, 2)} />);
    const trouble = screen.getByRole("list", { name: "Hosts with trouble" });
    expect(
      within(trouble)
        .getAllByRole("listitem")
        .map((li) => li.getAttribute("data-endpoint")),
    ).toEqual(["h0/supervisord", "h1/supervisord"]);
    expect(screen.getByText("48 of 50 endpoints up, 2 with trouble")).toBeTruthy();
  });
});
