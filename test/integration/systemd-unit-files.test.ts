import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SystemdEndpoint } from "@/lib/config/schema";
import { createSystemdConnector } from "@/lib/connectors/systemd/connector";
import type { Connector, ConnectorEvent, ProcessInfo } from "@/lib/connectors/types";
import { ensureUserManager, recordEvents, systemctl, USER_BUS_ADDRESS, waitUntil } from "@/test/harness/systemd";

// Installed unit files that systemd has not loaded are processes too: listed as stopped with their
// enablement, started, enabled and disabled — each compared with what systemctl itself says.

const live = () => new AbortController().signal;
const prefix = `rsp-${randomBytes(3).toString("hex")}-`;
const dir = path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), ".config"), "systemd", "user");
const installable = `${prefix}installable.service`;
const staticUnit = `${prefix}static.service`;
const template = `${prefix}tpl@.service`;
const UNIT_BODY = "[Unit]\nDescription=Respawn test: installed, not started\n\n[Service]\nExecStart=/bin/sleep infinity\n";

let connector: Connector;

/** systemctl's own word for a unit file: enabled, disabled, static… (is-enabled exits 1 when not enabled). */
async function isEnabled(name: string): Promise<string> {
  return (await systemctl("is-enabled", name).catch((e: { stdout?: string }) => e.stdout ?? "")).trim();
}

/** Names systemd has loaded right now (list-units does not load anything). */
async function loadedNames(): Promise<string[]> {
  const out = await systemctl("list-units", "--all", "--plain", "--no-legend", `${prefix}*`);
  return out.split("\n").map((l) => l.trim().split(/\s+/)[0] ?? "").filter(Boolean);
}

const find = (list: ProcessInfo[], name: string) => list.find((p) => p.name === name);

beforeAll(async () => {
  await ensureUserManager();
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, installable), `${UNIT_BODY}\n[Install]\nWantedBy=default.target\n`);
  await writeFile(path.join(dir, staticUnit), UNIT_BODY);
  await writeFile(path.join(dir, template), UNIT_BODY);
  await systemctl("daemon-reload");
  connector = createSystemdConnector("local", SystemdEndpoint.parse({ bus: "user", busAddress: USER_BUS_ADDRESS, units: [`${prefix}*`] }));
});

afterAll(async () => {
  await connector?.close();
  await systemctl("disable", installable).catch(() => undefined);
  await systemctl("stop", installable, staticUnit).catch(() => undefined);
  for (const f of [installable, staticUnit, template]) await rm(path.join(dir, f), { force: true });
  await systemctl("daemon-reload").catch(() => undefined);
});

describe("systemd unit files that are installed but not loaded", () => {
  it("are listed as stopped with systemctl's enablement word, templates left out, without loading them", async () => {
    expect(await loadedNames()).toEqual([]);
    const list = await connector.listProcesses(live());
    const files = await systemctl("list-unit-files", "--plain", "--no-legend", `${prefix}*`);
    const expected = files
      .split("\n")
      .map((l) => l.trim().split(/\s+/))
      .filter(([name]) => name && !name.includes("@."))
      .map(([name, state]) => ({ name, state }));
    expect(list.map((p) => ({ name: p.name, state: p.details.unitFileState })).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      expected.sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "")),
    );
    expect(find(list, installable)).toMatchObject({ state: "stopped", details: { unitFileState: "disabled", loadState: "not-loaded" } });
    expect(find(list, staticUnit)?.details.unitFileState).toBe("static");
    expect(await loadedNames()).toEqual([]);
  });

  it("reads one unloaded unit (and its usage: none) without loading it, and a name that has no file is NOT_FOUND", async () => {
    expect(await connector.getProcess(installable, live())).toMatchObject({ name: installable, state: "stopped" });
    expect(await connector.readUsage?.(installable, live())).toBeNull();
    expect(await loadedNames()).toEqual([]);
    await expect(connector.getProcess(`${prefix}none.service`, live())).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("enables and disables as systemctl does, read back from systemd", async () => {
    const on = await connector.control(installable, "enable", live());
    expect(on).toMatchObject({ ok: true, action: "enable", process: { details: { unitFileState: "enabled" } } });
    expect(on.message).toContain("default.target.wants");
    expect(await isEnabled(installable)).toBe("enabled");
    const off = await connector.control(installable, "disable", live());
    expect(off).toMatchObject({ ok: true, process: { details: { unitFileState: "disabled" } } });
    expect(await isEnabled(installable)).toBe("disabled");
  });

  it("says a unit without an [Install] section cannot be enabled, and changes nothing", async () => {
    const r = await connector.control(staticUnit, "enable", live());
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/no \[Install\] section/);
    expect(await isEnabled(staticUnit)).toBe("static");
  });

  it("starts an unloaded unit, and once stopped and unloaded it stays listed as stopped (never removed)", async () => {
    const rec = recordEvents<ConnectorEvent>(connector);
    try {
      const started = await connector.control(installable, "start", live());
      expect(started).toMatchObject({ ok: true, process: { state: "running" } });
      expect((await systemctl("is-active", installable)).trim()).toBe("active");
      const stopped = await connector.control(installable, "stop", live());
      expect(stopped.ok).toBe(true);
      await waitUntil("systemd to unload the stopped unit", async () => !(await loadedNames()).includes(installable));
      await rec.nextSince(0, (e) => e.type === "process" && e.process.name === installable && e.process.details.loadState === "not-loaded", "the unloaded unit shown as stopped");
      expect(rec.events.filter((x) => x.event.type === "removed" && x.event.name === installable)).toEqual([]);
    } finally {
      rec.stop();
    }
  });
});
