import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Overview } from "@/components/overview/overview";
import { FakeEventSource, renderUi, setupUiTest, stubFetch } from "@/components/test-utils";
import { makeEndpoint, makeProcess } from "@/lib/client/test-data";
import type { FleetSnapshot } from "@/lib/client/types";

const HOSTILE = `<img src=x onerror="alert(1)">`;

function snapshot(): FleetSnapshot {
  return {
    seq: 10,
    endpoints: [
      makeEndpoint(),
      makeEndpoint({
        hostId: "db-1",
        hostName: "DB 1",
        status: "auth",
        error: { code: "AUTH", message: "supervisord refused the credentials (HTTP 401)" },
        since: Date.now() - 4 * 60_000,
        nextRetryAt: Date.now() + 8_000,
      }),
    ],
    processes: [
      makeProcess("a", { name: "web:web-0", group: "web", description: HOSTILE }),
      makeProcess("b", {
        name: "web:web-1",
        group: "web",
        state: "gave-up",
        rawState: "FATAL",
        pid: null,
        spawnError: "Exited too quickly",
      }),
      makeProcess("c", { name: "worker", state: "stopped", pid: null }),
      makeProcess("d", { name: "db", hostId: "db-1", hostName: "DB 1", stale: true }),
    ],
  };
}

const rowNames = () => [...document.querySelectorAll("[data-process] a")].map((a) => a.textContent);

async function renderOverview() {
  const calls = stubFetch({
    "GET /api/fleet": () => ({ body: snapshot() }),
    "POST /api/actions": (init) => {
      const { ids, action } = JSON.parse(String(init?.body)) as { ids: string[]; action: string };
      return {
        body: {
          results: ids.map((id, i) =>
            i === 0
              ? {
                  id,
                  result: {
                    outcome: "done",
                    ok: true,
                    action,
                    name: id,
                    process: null,
                    message: "running (pid 42)",
                  },
                }
              : { id, error: { code: "FAULT", message: "spawn error: no such file" } },
          ),
        },
      };
    },
  });
  renderUi(<Overview />);
  await screen.findByText("web:web-0");
  return calls;
}

describe("Overview", () => {
  setupUiTest();

  it("lists every process with hostile text shown as text, and counts gave-up in the header", async () => {
    await renderOverview();
    expect(rowNames()).toEqual(["web:web-1", "worker", "db", "web:web-0"]);
    expect(screen.getByText(HOSTILE)).toBeTruthy();
    expect(document.querySelector("img")).toBeNull();
    const chip = screen.getByRole("button", { name: /gave up 1/ });
    expect(chip.getAttribute("data-state")).toBe("gave-up");
  });

  it("greys the processes of a host that does not answer and tells wrong credentials apart", async () => {
    await renderOverview();
    const stale = document.querySelector("[data-process='d']");
    expect(stale?.getAttribute("data-stale")).toBe("true");
    expect(within(stale as HTMLElement).getByText("last known")).toBeTruthy();
    const card = document.querySelector("[data-endpoint='db-1/supervisord']") as HTMLElement;
    expect(within(card).getByText(/credentials refused/)).toBeTruthy();
    expect(within(card).getByText(/HTTP 401/)).toBeTruthy();
    expect(
      within(card).getByText(/since (\d{4}-\d\d-\d\d )?\d\d:\d\dZ \(4 min ago\) · retrying in \d+ s/),
    ).toBeTruthy();
  });

  it("filters by text and by state chip", async () => {
    await renderOverview();
    fireEvent.change(screen.getByLabelText("Filter processes"), { target: { value: "worker" } });
    await waitFor(() => expect(rowNames()).toEqual(["worker"]));
    fireEvent.change(screen.getByLabelText("Filter processes"), { target: { value: "" } });
    fireEvent.click(screen.getByRole("button", { name: /gave up 1/ }));
    await waitFor(() => expect(rowNames()).toEqual(["web:web-1"]));
    fireEvent.click(screen.getByRole("button", { name: /^all/ }));
    await waitFor(() => expect(rowNames()).toHaveLength(4));
  });

  it("sorts by a column header", async () => {
    await renderOverview();
    fireEvent.click(screen.getByRole("button", { name: /^Name/ }));
    expect(rowNames()).toEqual(["db", "web:web-0", "web:web-1", "worker"]);
    fireEvent.click(screen.getByRole("button", { name: /^Name/ }));
    expect(rowNames()).toEqual(["worker", "web:web-1", "web:web-0", "db"]);
  });

  it("groups by group, collapses a group, and runs a group action with a result per process", async () => {
    const calls = await renderOverview();
    fireEvent.change(screen.getByLabelText("Group by"), { target: { value: "group" } });
    const toggle = screen.getByRole("button", { name: /^web on Web 1/ });
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(rowNames()).not.toContain("web:web-0");

    fireEvent.click(screen.getByRole("button", { name: "restart group web" }));
    const dialog = screen.getByRole("alertdialog");
    expect(
      within(dialog).getByText(/Restart all 2 processes of group web on Web 1\?/),
    ).toBeTruthy();
    fireEvent.click(within(dialog).getByRole("button", { name: "Restart" }));

    const panel = await screen.findByRole("region", { name: "Action results" });
    await within(panel).findByText("1 done, 1 failed of 2");
    expect(within(panel).getByText("running (pid 42)")).toBeTruthy();
    expect(within(panel).getByText("not run: FAULT: spawn error: no such file")).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      action: "restart",
      ids: ["a", "b"],
    });
  });

  it("restarts all that gave up with reset-and-start, after a confirmation", async () => {
    const calls = await renderOverview();
    fireEvent.click(screen.getByRole("button", { name: "Restart all that gave up (1)" }));
    fireEvent.click(
      within(screen.getByRole("alertdialog")).getByRole("button", { name: "Reset and start" }),
    );
    await screen.findByText("all 1 done");
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      action: "reset-and-start",
      ids: ["b"],
    });
  });

  it("applies live deltas from the event stream and shows when it reconnects", async () => {
    await renderOverview();
    const es = FakeEventSource.last();
    expect(es.url).toBe("/api/events");
    act(() => {
      es.open();
      es.emit({ type: "snapshot", ...snapshot() });
      es.emit({
        type: "processes",
        seq: 11,
        upsert: [makeProcess("e", { name: "fresh" })],
        remove: ["c"],
      });
    });
    expect(screen.getByText("live")).toBeTruthy();
    expect(rowNames()).toContain("fresh");
    expect(rowNames()).not.toContain("worker");
    act(() => es.fail());
    expect(screen.getByText("reconnecting…")).toBeTruthy();
  });

  it("draws only the rows in view of a fleet of thousands", async () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      makeProcess(`p${i}`, { name: `proc-${String(i).padStart(4, "0")}` }),
    );
    stubFetch({
      "GET /api/fleet": () => ({ body: { seq: 1, endpoints: [makeEndpoint()], processes: many } }),
    });
    renderUi(<Overview />);
    await screen.findByText("proc-0000");
    expect(screen.getByText("5000 shown")).toBeTruthy();
    const drawn = document.querySelectorAll("[data-process]").length;
    expect(drawn).toBeGreaterThan(10);
    expect(drawn).toBeLessThan(200);
  });
});

describe("Overview for a viewer", () => {
  setupUiTest();

  it("offers no group actions and no restart-all button to a role that may not act", async () => {
    stubFetch({
      "GET /api/fleet": () => ({ body: snapshot() }),
      "GET /api/auth/me": () => ({
        body: { user: { name: "v", role: "viewer", hosts: null }, can: { control: false, share: false, admin: false } },
      }),
    });
    renderUi(<Overview />);
    await screen.findByText("web:web-0");
    fireEvent.change(screen.getByDisplayValue("nothing"), { target: { value: "group" } });
    await waitFor(() => expect(document.querySelector("[data-group]")).not.toBeNull());
    await waitFor(() => expect(screen.queryByRole("button", { name: /Restart all that gave up/ })).toBeNull());
    expect(screen.queryByRole("button", { name: /restart group/ })).toBeNull();
  });

  it("offers them to an operator", async () => {
    stubFetch({
      "GET /api/fleet": () => ({ body: snapshot() }),
      "GET /api/auth/me": () => ({
        body: { user: { name: "o", role: "operator", hosts: null }, can: { control: true, share: true, admin: false } },
      }),
    });
    renderUi(<Overview />);
    await screen.findByText("web:web-0");
    fireEvent.change(screen.getByDisplayValue("nothing"), { target: { value: "group" } });
    await screen.findByRole("button", { name: /restart group web/ });
    expect(screen.getByRole("button", { name: /Restart all that gave up \(1\)/ })).toBeTruthy();
  });
});
