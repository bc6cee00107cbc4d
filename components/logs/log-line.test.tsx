import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LogLineView } from "@/components/logs/log-line";
import { setupUiTest } from "@/components/test-utils";
import type { LogLine } from "@/lib/client/types";

function renderLine(text: string, over: Partial<LogLine> = {}) {
  const line: LogLine = { text, ts: null, priority: null, stream: "stdout", ...over };
  return render(<LogLineView entry={{ key: 1, kind: "line", line, receivedAt: null }} />).container;
}

describe("LogLineView", () => {
  setupUiTest();

  it("renders ANSI colours as spans with classes, without the escape codes", () => {
    const c = renderLine(
      "\u001b[31mred\u001b[0m plain \u001b[1;32mbold green\u001b[0m \u001b[38;2;1;2;3mtrue\u001b[0m",
    );
    expect(c.textContent).toBe("red plain bold green true");
    const red = [...c.querySelectorAll("span")].find((s) => s.textContent === "red");
    expect(red?.className).toBe("ansi-red-fg");
    const bold = [...c.querySelectorAll("span")].find((s) => s.textContent === "bold green");
    expect(bold?.className).toBe("ansi-green-fg ansi-bold");
    const rgb = [...c.querySelectorAll("span")].find((s) => s.textContent === "true");
    expect(rgb?.style.color).toBe("rgb(1, 2, 3)");
  });

  it("keeps markup in a line as text: no element is ever made from it", () => {
    const c = renderLine(
      `<script>alert(1)</script><img src=x onerror="alert(2)"> \u001b[31m<b>x</b>\u001b[0m`,
    );
    expect(c.querySelector("script, img, b")).toBeNull();
    expect(c.textContent).toBe(`<script>alert(1)</script><img src=x onerror="alert(2)"> <b>x</b>`);
  });

  it("strips OSC-8 hyperlinks to their visible text and never makes a link", () => {
    const c = renderLine(
      "see \u001b]8;;javascript:alert(1)\u0007the docs\u001b]8;;\u0007 and \u001b]8;;https://x.example\u001b\\here\u001b]8;;\u001b\\",
    );
    expect(c.querySelector("a")).toBeNull();
    expect(c.textContent).toBe("see the docs and here");
    expect(c.textContent).not.toContain("javascript");
  });

  it("drops a window title sequence and shows other control characters visibly", () => {
    const c = renderLine("\u001b]0;pwned\u0007a\u0000b\u001b(Bc\u0008d");
    expect(c.textContent).toBe("a\u2400bc\u2408d");
    expect(c.querySelectorAll("[data-kind='control']").length).toBe(2);
  });

  it("neutralises bidi controls: shown as markers inside an isolated run", () => {
    const c = renderLine("user \u202Eevil\u202C admin \u2067x\u2069");
    expect(c.textContent).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(c.textContent).toBe("user ⟨RLO⟩evil⟨PDF⟩ admin ⟨RLI⟩x⟨PDI⟩");
    expect(c.querySelectorAll("[data-kind='bidi']").length).toBe(4);
    expect(c.querySelector(".log-text")).not.toBeNull();
  });

  it("shows U+FFFD where bytes were not valid UTF-8", () => {
    const c = renderLine("caf\ufffd ok");
    const bad = c.querySelector("[data-kind='invalid']");
    expect(bad?.textContent).toBe("\ufffd");
    expect(bad?.getAttribute("title")).toMatch(/not valid UTF-8/);
  });

  it("shows journal time and priority, errors highlighted", () => {
    const c = renderLine("disk full", {
      ts: new Date(2024, 0, 1, 12, 3, 4, 5).getTime(),
      priority: 3,
      stream: "journal",
    });
    expect(c.textContent).toBe("12:03:04.005errdisk full");
    expect(c.querySelector("[data-priority='3']")?.className).toContain("bg-red-50");
    const info = renderLine("fine", { priority: 6 });
    expect(info.querySelector("[data-priority='6']")?.className).not.toContain("bg-red-50");
  });

  it("renders a marker line for a rotation", () => {
    const { container } = render(
      <LogLineView entry={{ key: 2, kind: "marker", text: "log rotated" }} />,
    );
    expect(container.querySelector("[data-marker]")?.textContent).toBe("— log rotated —");
  });
});
