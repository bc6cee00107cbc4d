import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ProcessView } from "@/components/process/process-view";
import { FakeEventSource, renderUi, setupUiTest, stubFetch } from "@/components/test-utils";
import { makeEndpoint, makeProcess } from "@/lib/client/test-data";
import type { ControlResult, ProcessView as Process } from "@/lib/client/types";

const ID = "d2ViLTEAcwB3b3JrZXI";

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function setup(process: Process, action?: Promise<{ status?: number; body: unknown }>) {
  const calls = stubFetch({
    "GET /api/fleet": () => ({
      body: { seq: 1, endpoints: [makeEndpoint()], processes: [process] },
    }),
    [`GET /api/processes/${ID}`]: () => ({ body: { process, endpoint: makeEndpoint() } }),
    [`GET /api/processes/${ID}/logs`]: () => ({
      body: {
        lines: [{ text: "hello", ts: null, priority: null, stream: "stdout" }],
        cursor: "c1",
        rotated: false,
        truncated: false,
      },
    }),
    [`POST /api/processes/${ID}/actions`]: () => action ?? { body: {} },
  });
  renderUi(<ProcessView id={ID} />);
  return calls;
}

const buttons = () => screen.queryAllByRole("button").map((b) => b.textContent);

describe("ProcessView actions", () => {
  setupUiTest();

  it("offers only what the state allows", async () => {
    setup(makeProcess(ID, { name: "worker", details: { command: "<b>x</b>" } }));
    await screen.findByRole("heading", { name: "worker" });
    expect(buttons()).toEqual(expect.arrayContaining(["Restart", "Stop"]));
    expect(buttons()).not.toContain("Start");
    expect(screen.getByText("<b>x</b>")).toBeTruthy();
  });

  it("offers reset-and-start, and only that, when the manager gave up", async () => {
    setup(makeProcess(ID, { name: "worker", state: "gave-up", rawState: "FATAL" }));
    await screen.findByRole("heading", { name: "worker" });
    expect(buttons()).toContain("Reset and start");
    expect(buttons()).not.toContain("Restart");
  });

  it("refuses actions while the host does not answer", async () => {
    setup(makeProcess(ID, { name: "worker", stale: true }));
    await screen.findByText(/actions are unavailable/);
    expect(buttons()).not.toContain("Restart");
  });

  it("confirms, shows a spinner while running, then the real result until dismissed", async () => {
    const answer = deferred<{ body: unknown }>();
    const calls = setup(makeProcess(ID, { name: "worker" }), answer.promise);
    const restart = await screen.findByRole("button", { name: "Restart" });
    restart.focus();
    fireEvent.click(restart);

    const dialog = screen.getByRole("alertdialog", { name: "Restart worker on Web 1?" });
    expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "Cancel" }));
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(document.activeElement).toBe(restart);
    expect(calls.some((c) => c.method === "POST")).toBe(false);

    fireEvent.click(restart);
    fireEvent.click(
      within(screen.getByRole("alertdialog")).getByRole("button", { name: "Restart" }),
    );
    expect(screen.getByRole("status", { name: "Restart running" })).toBeTruthy();
    expect((screen.getByRole("button", { name: /Stop/ }) as HTMLButtonElement).disabled).toBe(true);

    const result: ControlResult = {
      outcome: "failed",
      ok: false,
      action: "restart",
      name: "worker",
      process: makeProcess(ID, { state: "gave-up", rawState: "FATAL", pid: null }),
      message: "spawn error: can't find command '/nope'",
    };
    await act(async () => answer.resolve({ body: result }));
    const panel = await screen.findByText("Restart failed");
    const box = panel.closest("[role='status']") as HTMLElement;
    expect(within(box).getByText("spawn error: can't find command '/nope'")).toBeTruthy();
    expect(within(box).getByText("FATAL")).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ action: "restart" });

    fireEvent.click(within(box).getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByText("Restart failed")).toBeNull();
  });

  it("shows the API's error message when the action could not run", async () => {
    setup(
      makeProcess(ID, { name: "worker" }),
      Promise.resolve({
        status: 502,
        body: { error: { code: "UNREACHABLE", message: "host web-1: connection refused" } },
      }),
    );
    fireEvent.click(await screen.findByRole("button", { name: "Stop" }));
    fireEvent.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Stop" }));
    expect(await screen.findByText("Stop failed: it was not run")).toBeTruthy();
    expect(screen.getByText("host web-1: connection refused")).toBeTruthy();
  });
});

describe("ProcessView logs", () => {
  setupUiTest();

  it("tails, then follows from the cursor, marks a rotation, and stops on a server error", async () => {
    setup(makeProcess(ID, { name: "worker" }));
    await within(await screen.findByRole("log")).findByText("hello");
    await waitFor(() =>
      expect(FakeEventSource.instances.some((e) => e.url.includes("/logs/follow"))).toBe(true),
    );
    const follow = FakeEventSource.instances.find((e) =>
      e.url.includes("/logs/follow"),
    ) as FakeEventSource;
    expect(follow.url).toBe(`/api/processes/${ID}/logs/follow?stream=stdout&cursor=c1`);
    act(() => {
      follow.open();
      follow.emit(
        {
          lines: [{ text: "\u001b[32mnext\u001b[0m", ts: null, priority: null, stream: "stdout" }],
          cursor: "c2",
          rotated: false,
          truncated: false,
        },
        "chunk",
      );
      follow.emit(
        {
          lines: [{ text: "after", ts: null, priority: null, stream: "stdout" }],
          cursor: "c0",
          rotated: true,
          truncated: false,
        },
        "chunk",
      );
    });
    await screen.findByText("after");
    const log = screen.getByRole("log", { name: "stdout log" });
    expect(within(log).getByText("next").className).toBe("ansi-green-fg");
    expect(within(log).getByText(/log rotated/)).toBeTruthy();

    act(() =>
      follow.emit({ code: "UNREACHABLE", message: "host web-1: connection refused" }, "error"),
    );
    expect(screen.getByRole("alert").textContent).toBe("host web-1: connection refused");
    expect(follow.readyState).toBe(FakeEventSource.CLOSED);
  });

  it("switches between the stdout and stderr tabs", async () => {
    setup(makeProcess(ID, { name: "worker" }));
    const tab = await screen.findByRole("tab", { name: "stderr" });
    fireEvent.click(tab);
    expect(tab.getAttribute("aria-selected")).toBe("true");
    await screen.findByRole("log", { name: "stderr log" });
  });

  it("pauses following when the user scrolls up, counts new lines, and jumps back to the end", async () => {
    setup(makeProcess(ID, { name: "worker" }));
    await within(await screen.findByRole("log")).findByText("hello");
    await waitFor(() =>
      expect(FakeEventSource.instances.some((e) => e.url.includes("/logs/follow"))).toBe(true),
    );
    const follow = FakeEventSource.instances.find((e) =>
      e.url.includes("/logs/follow"),
    ) as FakeEventSource;
    const log = screen.getByRole("log", { name: "stdout log" });
    fireEvent.wheel(log, { deltaY: -100 });
    const line = (text: string) => ({ text, ts: null, priority: null, stream: "stdout" });
    act(() =>
      follow.emit(
        { lines: [line("one"), line("two")], cursor: "c2", rotated: false, truncated: false },
        "chunk",
      ),
    );
    const jump = await screen.findByRole("button", { name: "2 new lines — jump to end" });
    fireEvent.click(jump);
    expect(screen.queryByRole("button", { name: /jump to end/ })).toBeNull();
  });
});
