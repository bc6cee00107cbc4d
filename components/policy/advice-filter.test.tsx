import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Overview } from "@/components/overview/overview";
import { renderUi, setupUiTest, stubFetch } from "@/components/test-utils";
import { makeEndpoint, makeProcess } from "@/lib/client/test-data";

const rowNames = () => [...document.querySelectorAll("[data-process] a")].map((a) => a.textContent);

describe("Overview: has advice", () => {
  setupUiTest();

  it("counts the processes the advisor flags and filters on them", async () => {
    stubFetch({
      "GET /api/fleet": () => ({
        body: { seq: 1, endpoints: [makeEndpoint()], processes: [makeProcess("a", { name: "fine" }), makeProcess("b", { name: "stormy" })] },
      }),
      "GET /api/policies/advice": () => ({
        body: { advice: { a: { rules: [], worst: null }, b: { rules: ["restart-storm"], worst: "high" } } },
      }),
    });
    renderUi(<Overview />);
    await screen.findByText("fine");
    const chip = await screen.findByRole("button", { name: /has advice 1/ });
    fireEvent.click(chip);
    await waitFor(() => expect(rowNames()).toEqual(["stormy"]));
    fireEvent.click(chip);
    await waitFor(() => expect(rowNames()).toHaveLength(2));
  });
});
