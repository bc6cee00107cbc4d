import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { Overview } from "@/components/overview/overview";
import { renderUi, setupUiTest, stubFetch } from "@/components/test-utils";
import { makeEndpoint, makeProcess } from "@/lib/client/test-data";
import type { UsageSample } from "@/lib/client/types";

const processes = [
  makeProcess("a", { name: "busy", state: "running" }),
  makeProcess("b", { name: "fresh", state: "running" }),
  makeProcess("c", { name: "down", state: "stopped" }),
  makeProcess("d", { name: "unaccounted", state: "running" }),
];
const samples: Record<string, UsageSample> = {
  a: { cpuPercent: 12.345, cpuAccounted: true, memoryBytes: 35 * 1024 * 1024 + 512 * 1024, tasks: 3, source: "proc", at: 1 },
  b: { cpuPercent: null, cpuAccounted: true, memoryBytes: 2048, tasks: 1, source: "cgroup", at: 1 },
  d: { cpuPercent: null, cpuAccounted: false, memoryBytes: 4096, tasks: 1, source: "cgroup", at: 1 },
};

function stub(usage: () => { status?: number; body: unknown }) {
  return stubFetch({
    "GET /api/fleet": () => ({ body: { seq: 1, endpoints: [makeEndpoint()], processes } }),
    "GET /api/usage": usage,
  });
}
const cell = (id: string, col: string) =>
  document.querySelector(`[data-process='${id}'] [data-col='${col}']`) as HTMLElement;

describe("Overview CPU and memory columns", () => {
  setupUiTest();

  it("shows the sampler's CPU % and memory per row, and a dash where there is no reading", async () => {
    const calls = stub(() => ({ body: { everyMs: 10_000, samples } }));
    renderUi(<Overview />);
    await screen.findByText("busy");
    expect(screen.getByRole("columnheader", { name: "CPU" })).toBeTruthy();
    expect(screen.getByRole("columnheader", { name: "Memory" })).toBeTruthy();
    await waitFor(() => expect(cell("a", "cpu").textContent).toBe("12.3 %"));
    expect(cell("a", "memory").textContent).toBe("35.5 MiB");
    expect(cell("b", "cpu").textContent).toBe("—"); // one reading: no rate yet
    expect(cell("b", "memory").textContent).toBe("2.0 KiB");
    expect(cell("c", "cpu").textContent).toBe("—");
    expect(cell("c", "memory").textContent).toBe("—");
    expect(cell("d", "cpu").textContent).toBe("n/a"); // systemd without CPUAccounting=
    expect(calls.filter((c) => c.url === "/api/usage")).toHaveLength(1);
  });

  it("keeps the table usable when the usage route fails", async () => {
    stub(() => ({ status: 500, body: { error: { code: "INTERNAL", message: "boom" } } }));
    renderUi(<Overview />);
    await screen.findByText("busy");
    await waitFor(() => expect(cell("a", "memory").textContent).toBe("—"));
    expect(screen.queryByText(/boom/)).toBeNull();
  });

  it("puts CPU and memory on the phone cards", async () => {
    stub(() => ({ body: { everyMs: 10_000, samples } }));
    vi.stubGlobal("matchMedia", (media: string) => ({
      matches: true,
      media,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    }));
    renderUi(<Overview />);
    const list = await screen.findByRole("list", { name: "Processes" });
    await waitFor(() => expect(within(list).getByText("· CPU 12.3 % · 35.5 MiB")).toBeTruthy());
    expect(within(list).getByText("· CPU … · 2.0 KiB")).toBeTruthy();
    expect(within(list).getByText("· 4.0 KiB")).toBeTruthy();
  });
});
