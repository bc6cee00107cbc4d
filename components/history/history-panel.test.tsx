import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { HistoryPanel } from "@/components/history/history-panel";
import { renderUi, setupUiTest, stubFetch } from "@/components/test-utils";
import { makeProcess } from "@/lib/client/test-data";
import type { HistoryAnswer, StoredTransition } from "@/lib/client/use-history";

const HOUR = 3_600_000;
const NOW = Date.now();

function transition(id: number, over: Partial<StoredTransition> = {}): StoredTransition {
  return {
    id,
    processId: "p",
    hostId: "web-1",
    manager: "supervisord",
    name: "p",
    fromState: "running",
    toState: "crashed",
    rawState: "EXITED",
    at: NOW - id * 60_000,
    exitStatus: 1,
    signal: null,
    pid: 100 + id,
    cause: "crash",
    actor: null,
    action: null,
    source: "listener",
    ...over,
  };
}

function answer(items: StoredTransition[], nextCursor: string | null, over: Partial<HistoryAnswer> = {}): HistoryAnswer {
  return {
    stats: {
      processId: "p",
      lastHour: { count: 2, exact: true },
      last24h: { count: 3, exact: false },
      sinceFirstSeen: { count: 7, exact: false, since: NOW - 48 * HOUR },
      hint: "install the event listener to make them exact",
    },
    series: [...Array(22).fill(0), 1, 2],
    flapping: false,
    timeline: { items, nextCursor },
    ...over,
  };
}

const newest = [
  transition(1, { cause: "action", actor: "alice <img src=x>", action: "stop", toState: "stopped", rawState: "STOPPED", exitStatus: null, signal: "SIGTERM" }),
  transition(2),
];
const older = [transition(3, { cause: "manager-restart", fromState: "crashed", toState: "starting", rawState: "STARTING", exitStatus: 0 })];

function stubHistory(pages: Record<string, HistoryAnswer>) {
  return stubFetch({
    "GET /api/processes/p/history": (_init, url) => ({
      body: pages[new URL(url, "http://x").searchParams.get("before") ?? ""] ?? answer([], null),
    }),
  });
}

/** The panel fed a process whose pid changes, as the live stream would. */
function LiveProcess() {
  const [pid, setPid] = useState(100);
  return (
    <>
      <button type="button" onClick={() => setPid(101)}>
        new pid
      </button>
      <HistoryPanel process={makeProcess("p", { pid })} />
    </>
  );
}

describe("History panel", () => {
  setupUiTest();

  it("shows exact counts as numbers and the others as 'at least', with the hint", async () => {
    stubHistory({ "": answer(newest, null) });
    renderUi(<HistoryPanel process={makeProcess("p")} />);
    const hour = await screen.findByText("last hour");
    expect(hour.nextElementSibling?.textContent).toBe("2");
    expect(screen.getByText("last 24 h").nextElementSibling?.textContent).toBe("at least 3");
    expect(screen.getByText("since first seen").nextElementSibling?.textContent).toBe("at least 7");
    expect(screen.getByText("install the event listener to make them exact")).toBeTruthy();
  });

  it("draws the sparkline from the 24 hourly numbers", async () => {
    stubHistory({ "": answer(newest, null) });
    renderUi(<HistoryPanel process={makeProcess("p")} />);
    const chart = await screen.findByRole("img", { name: "3 restarts in the last 24 hours, per hour" });
    const values = [...chart.querySelectorAll("rect")].map((r) => Number(r.getAttribute("data-value")));
    expect(values).toEqual([...Array(22).fill(0), 1, 2]);
    const heights = [...chart.querySelectorAll("rect")].map((r) => Number(r.getAttribute("height")));
    expect(heights[23]).toBeGreaterThan(heights[22]!);
    expect(heights[22]).toBeGreaterThan(heights[0]!);
  });

  it("lists the timeline newest first with exit, pid and cause, and pages to older entries", async () => {
    const calls = stubHistory({ "": answer(newest, "c2"), c2: answer(older, null) });
    renderUi(<HistoryPanel process={makeProcess("p")} />);
    const list = await screen.findByRole("list", { name: "Timeline" });
    const rows = () => [...list.querySelectorAll("li")];
    expect(rows().map((li) => li.getAttribute("data-cause"))).toEqual(["action", "crash"]);
    expect(within(rows()[0]!).getByText("stop by alice <img src=x>")).toBeTruthy();
    expect(document.querySelector("img")).toBeNull();
    expect(within(rows()[0]!).getByText("SIGTERM")).toBeTruthy();
    expect(within(rows()[1]!).getByText("exit 1")).toBeTruthy();
    expect(within(rows()[1]!).getByText("pid 102")).toBeTruthy();
    expect(rows()[1]!.textContent).toContain("running → crashed");

    fireEvent.click(screen.getByRole("button", { name: "Older" }));
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(within(rows()[2]!).getByText("restarted by the manager")).toBeTruthy();
    // A start carries no exit status, even when a poll left the previous run's one on it.
    expect(rows()[2]!.textContent).not.toContain("exit");
    expect(screen.queryByRole("button", { name: "Older" })).toBeNull();
    expect(calls.map((c) => new URL(c.url, "http://x").searchParams.get("before"))).toEqual([null, "c2"]);
  });

  it("reads the history again when the process changes in the live stream", async () => {
    let fresh = false;
    const calls = stubFetch({
      "GET /api/processes/p/history": () => ({
        body: fresh ? answer([transition(0, { toState: "running", rawState: "RUNNING", cause: "start" }), ...newest], null) : answer(newest, null),
      }),
    });
    renderUi(<LiveProcess />);
    await screen.findByRole("list", { name: "Timeline" });
    fresh = true;
    fireEvent.click(screen.getByRole("button", { name: "new pid" }));
    await waitFor(() => expect(document.querySelectorAll("[data-transition]")).toHaveLength(3));
    expect(calls).toHaveLength(2);
  });

  it("marks a flapping process", async () => {
    stubHistory({ "": answer(newest, null, { flapping: true }) });
    renderUi(<HistoryPanel process={makeProcess("p")} />);
    expect(await screen.findByText("↻ flapping")).toBeTruthy();
  });
});
