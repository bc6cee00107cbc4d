import { act, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { IncidentSnapshot } from "@/lib/incidents/types";
import { LogLineView } from "@/components/logs/log-line";
import { IncidentLines, parseLineHash } from "./incident-lines";

const snapshot: IncidentSnapshot = {
  version: 1,
  capturedAt: 0,
  process: { id: "p", hostId: "h", manager: "systemd", name: "x.service", state: "gave-up", rawState: "failed", description: "", since: null, exitStatus: 3, exitSignal: null, spawnError: null, restarts: 3 },
  streams: [
    { stream: "journal", lines: [1, 2, 3, 4].map((n) => ({ n, text: n === 2 ? "<script>alert(1)</script>" : `line ${n}`, ts: null, priority: n === 4 ? 3 : 6 })), truncated: false, error: null },
  ],
  exits: [],
  timeline: [],
  policy: { source: "details", values: {} },
  highlight: { from: 2, to: 3 },
  redactions: 0,
};

afterEach(() => window.history.replaceState(null, "", "/"));

describe("IncidentLines", () => {
  it("parses line anchors and ranges, and refuses anything else", () => {
    expect(parseLineHash("#L12")).toEqual({ from: 12, to: 12 });
    expect(parseLineHash("#L20-L10")).toEqual({ from: 10, to: 20 });
    expect(parseLineHash("#L1-5")).toEqual({ from: 1, to: 5 });
    for (const h of ["", "#", "#L", "#Lx", "#L1-Lx", "#L12345678"]) expect(parseLineHash(h)).toBeNull();
  });

  it("anchors each line, highlights the author's selection, and shows hostile text as text", () => {
    const { container } = render(<IncidentLines snapshot={snapshot} />);
    expect(container.querySelector("#L4 a")?.getAttribute("href")).toBe("#L4");
    expect([...container.querySelectorAll('[data-selected="true"]')].map((e) => e.id)).toEqual(["L2", "L3"]);
    expect(screen.getByText("<script>alert(1)</script>")).toBeTruthy();
    expect(container.querySelector("script")).toBeNull();
  });

  it("highlights the range in the address instead, and a click on a number selects that line", () => {
    // jsdom does not lay out or scroll; the page scrolls the first line of the range into view.
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    window.history.replaceState(null, "", "/s/x#L1-L1");
    const { container } = render(<IncidentLines snapshot={snapshot} />);
    expect([...container.querySelectorAll('[data-selected="true"]')].map((e) => e.id)).toEqual(["L1"]);
    expect(scrolled).toHaveBeenCalledTimes(1);
    act(() => (container.querySelector("#L4 a") as HTMLAnchorElement).click());
    expect(window.location.hash).toBe("#L4");
    expect([...container.querySelectorAll('[data-selected="true"]')].map((e) => e.id)).toEqual(["L4"]);
  });

  it("renders ANSI colours exactly as the live viewer does, as text spans, never raw escapes or HTML", () => {
    const text = "\x1b[32mINFO \x1b[0m ready <b>x</b> \x1b]0;title\x07\x1b[1;31mERR\x1b[0m";
    const colored: IncidentSnapshot = {
      ...snapshot,
      streams: [{ stream: "stdout", lines: [{ n: 1, text, ts: null, priority: null }], truncated: false, error: null }],
      highlight: null,
    };
    const incident = render(<IncidentLines snapshot={colored} />).container.querySelector("#L1 .log-text");
    const liveView = render(<LogLineView entry={{ key: 1, kind: "line", line: { text, ts: null, priority: null, stream: "stdout" } }} />);
    const live = liveView.container.querySelector(".log-text");
    expect(incident?.innerHTML).toBe(live?.innerHTML);
    expect(incident?.textContent).toBe("INFO  ready <b>x</b> ERR");
    expect(incident?.textContent).not.toContain("\x1b");
    expect(incident?.querySelector("b")).toBeNull();
    expect(incident?.querySelector(".ansi-green-fg")?.textContent).toBe("INFO ");
    expect(incident?.querySelector(".ansi-red-fg")?.textContent).toBe("ERR");
  });
});
