import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { SUPERVISORD_FIELDS, SYSTEMD_FIELDS } from "@/lib/connectors/policy";
import { renderUi, setupUiTest, stubFetch } from "@/components/test-utils";
import { PolicyPanel } from "./policy-panel";
import type { PolicyView } from "./policy-api";

const ID = "bG9jYWwAZAB4LnNlcnZpY2U";
const URL = `/api/processes/${ID}/policy`;

function systemdView(): PolicyView {
  return {
    processId: ID,
    policy: {
      manager: "systemd",
      name: "x.service",
      settings: [
        { key: "Restart", value: "always", source: "/etc/systemd/system/x.service:7" },
        { key: "RestartSec", value: 0.1, source: "/etc/systemd/system/x.service:8" },
        { key: "StartLimitBurst", value: 0, source: null },
      ],
      files: ["/etc/systemd/system/x.service"],
      target: "/etc/systemd/system/x.service.d/50-respawn.conf",
      readOnlyReason: null,
      owned: Object.fromEntries(SYSTEMD_FIELDS.map((f) => [f.key, null])),
      facts: { gaveUp: false },
      applyRestarts: false,
    },
    advice: [
      { rule: "restart-storm", severity: "high", title: "Restarts forever: there is no start limit", explanation: "No start limit.", fix: { StartLimitIntervalSec: 60, StartLimitBurst: 5 } },
    ],
    fields: SYSTEMD_FIELDS.filter((f) => !f.optional),
  };
}

function setup(role: "admin" | "viewer", view: PolicyView = systemdView()) {
  return stubFetch({
    "GET /api/auth/me": () => ({ body: { user: { name: role, role, hosts: null }, can: { control: role === "admin", share: false, admin: role === "admin" } } }),
    [`GET ${URL}`]: () => ({ body: view }),
    [`GET ${URL}/history`]: () => ({ body: { entries: [] } }),
    [`POST ${URL}/plan`]: () => ({
      body: { path: view.policy.target, diff: "--- a\n+++ a\n@@ -0,0 +1,2 @@\n+[Unit]\n+StartLimitBurst=5\n", copyText: null, changed: true, applyRestarts: view.policy.applyRestarts, readOnlyReason: null },
    }),
    [`POST ${URL}`]: () => ({
      body: { ok: true, message: "applied; systemd reloaded", rolledBack: false, path: "p", diff: "", policy: view.policy, advice: [], historyId: 1 },
    }),
  });
}

describe("PolicyPanel", () => {
  setupUiTest();

  it("shows each value with the file line that sets it, or the default", async () => {
    setup("viewer");
    renderUi(<PolicyPanel processId={ID} />);
    const table = await screen.findByRole("table", { name: "Policy in force" });
    expect(within(table).getByText("/etc/systemd/system/x.service:7")).toBeTruthy();
    expect(within(table).getByText("0.1 s")).toBeTruthy();
    expect(within(table).getByText("default")).toBeTruthy();
  });

  it("a viewer sees the advice but no way to change anything", async () => {
    setup("viewer");
    renderUi(<PolicyPanel processId={ID} />);
    await screen.findByText("Restarts forever: there is no start limit");
    expect(screen.queryByRole("button", { name: "Fix…" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Edit policy" })).toBeNull();
  });

  it("advice → fix opens the editor filled in → preview shows the diff → Apply sends the typed change", async () => {
    const calls = setup("admin");
    renderUi(<PolicyPanel processId={ID} />);
    fireEvent.click(await screen.findByRole("button", { name: "Fix…" }));
    const editor = screen.getByRole("region", { name: "Policy editor" });
    expect((within(editor).getByLabelText("New Starts allowed in the interval") as HTMLInputElement).value).toBe("5");
    fireEvent.click(within(editor).getByRole("button", { name: "Preview change" }));
    const diff = await within(editor).findByLabelText("File change");
    expect(diff.querySelector("[data-diff=add]")?.textContent).toBe("+[Unit]");
    expect(calls.find((c) => c.url.endsWith("/plan"))?.body).toEqual({ change: { StartLimitIntervalSec: 60, StartLimitBurst: 5 } });
    fireEvent.click(within(editor).getByRole("button", { name: "Apply" }));
    const dialog = screen.getByRole("alertdialog");
    expect(dialog.textContent).toMatch(/daemon-reload/);
    fireEvent.click(within(dialog).getByRole("button", { name: "Apply" }));
    await screen.findByRole("status");
    expect(screen.getByRole("status").textContent).toBe("applied; systemd reloaded");
    expect(calls.find((c) => c.method === "POST" && c.url === URL)?.body).toEqual({
      change: { StartLimitIntervalSec: 60, StartLimitBurst: 5 },
      resetAndStart: false,
    });
  });

  it("says before Apply that a supervisord change restarts the process", async () => {
    const view = systemdView();
    view.policy = { ...view.policy, manager: "supervisord", name: "web", applyRestarts: true, owned: Object.fromEntries(SUPERVISORD_FIELDS.map((f) => [f.key, null])), settings: [{ key: "startsecs", value: 0, source: null }] };
    view.fields = [...SUPERVISORD_FIELDS];
    view.advice = [{ rule: "restart-storm", severity: "high", title: "Restarts forever", explanation: "x", fix: { startsecs: 1 } }];
    setup("admin", view);
    renderUi(<PolicyPanel processId={ID} />);
    fireEvent.click(await screen.findByRole("button", { name: "Fix…" }));
    fireEvent.click(screen.getByRole("button", { name: "Preview change" }));
    await screen.findByLabelText("File change");
    expect(screen.getByText(/the process is stopped and started again/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Apply" }));
    await waitFor(() => expect(screen.getByRole("alertdialog", { name: "Apply and restart web?" })).toBeTruthy());
  });

  it("leaves a value written with an expansion read-only in the editor, saying why", async () => {
    const view = systemdView();
    const why = "/etc/supervisor/conf.d/web.conf:4 writes it with a %(…)s expansion (%(ENV_WAIT)s), which supervisord fills in when it reads the file; change that line by hand";
    view.policy = { ...view.policy, manager: "supervisord", name: "web", applyRestarts: true, owned: {}, fixed: { stopwaitsecs: why }, settings: [{ key: "stopwaitsecs", value: 7, source: "/etc/supervisor/conf.d/web.conf:4" }] };
    view.fields = [...SUPERVISORD_FIELDS];
    view.advice = [{ rule: "autorestart-off", severity: "medium", title: "Not restarted when it stops", explanation: "x", fix: { autorestart: "unexpected" } }];
    setup("admin", view);
    renderUi(<PolicyPanel processId={ID} />);
    fireEvent.click(await screen.findByRole("button", { name: "Fix…" }));
    const editor = screen.getByRole("region", { name: "Policy editor" });
    expect((within(editor).getByLabelText("New Seconds to wait after the stop signal") as HTMLInputElement).disabled).toBe(true);
    expect((within(editor).getByLabelText("New Start retries") as HTMLInputElement).disabled).toBe(false);
    expect(within(editor).getByText(`Read-only: ${why}.`)).toBeTruthy();
  });
});
