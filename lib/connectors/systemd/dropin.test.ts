import { describe, expect, it } from "vitest";
import type { SystemdEndpoint } from "@/lib/config/schema";
import { formatSeconds, parseDropIn, renderDropIn } from "./dropin";
import { dropInPath } from "./policy";
import { createLocalUnitFiles } from "./policy-files";
import { policySources } from "./policy-read";

describe("systemd drop-in", () => {
  it("renders typed values into their sections and reads them back", () => {
    const text = renderDropIn({ StartLimitBurst: 5, RestartSec: 1.5, Restart: "always", KillMode: null });
    expect(text).toMatch(/\[Unit\]\nStartLimitBurst=5\n\n\[Service\]\nRestart=always\nRestartSec=1.5\n$/);
    expect(parseDropIn(text)).toMatchObject({ StartLimitBurst: 5, RestartSec: 1.5, Restart: "always", KillMode: null });
  });

  it("renders nothing (the file is removed) when no value is left", () => {
    expect(renderDropIn({ Restart: null })).toBeNull();
  });

  it("refuses anything that is not a typed value, so no newline or % specifier gets in", () => {
    expect(() => renderDropIn({ Restart: "always\nExecStartPre=/bin/x" })).toThrow();
    expect(() => renderDropIn({ StandardOutput: "file:%h/x" })).toThrow();
    expect(() => renderDropIn({ ExecStart: "/bin/sh" })).toThrow();
  });

  it("formats seconds without exponents", () => {
    expect(formatSeconds(0.1)).toBe("0.1");
    expect(formatSeconds(60)).toBe("60");
    expect(formatSeconds(0.0005)).toBe("0.001");
  });

  it("tells which file and line sets each value as systemd 252 does", () => {
    const sources = policySources([
      { path: "/u/x.service", text: "[Unit]\nStartLimitBurst=3\n[Service]\nRestart=always\nRestartSec=1\nKillMode=process\nTimeoutSec=30\n" },
      { path: "/u/x.service.d/10.conf", text: "[Service]\nRestartSec=5\nRestart=\nKillMode=\n# a comment ending in a backslash \\\nStandardOutput=null\n" },
      { path: "/u/x.service.d/50-respawn.conf", text: "[Unit]\r\nStartLimitInterval=30\r\n[Service]\r\nStartLimitIntervalSec=99\r\nStandardError=null\\\\\r\n" },
    ]);
    expect(sources).toMatchObject({
      StartLimitBurst: "/u/x.service:2",
      RestartSec: "/u/x.service.d/10.conf:2",
      // systemd refuses an empty Restart= and keeps the earlier value; an empty KillMode= resets it.
      Restart: "/u/x.service:4",
      KillMode: null,
      // TimeoutSec= sets the stop timeout too.
      TimeoutStopSec: "/u/x.service:7",
      // A comment never continues: the next line is read on its own.
      StandardOutput: "/u/x.service.d/10.conf:6",
      // StartLimitIntervalSec= is ignored in [Service]; the [Unit] line is the one in force.
      StartLimitIntervalSec: "/u/x.service.d/50-respawn.conf:2",
      // "null\\" ends in an escaped backslash (no continuation) and is not a valid output.
      StandardError: null,
    });
  });

  it("writes only under the manager's own unit folder, and only as its owner", async () => {
    expect(dropInPath("/etc/systemd/system", "web.service")).toBe("/etc/systemd/system/web.service.d/50-respawn.conf");
    expect(() => dropInPath("/etc/systemd/system", "../../etc/passwd")).toThrow(/not a valid unit name/);
    const root = (e: Partial<SystemdEndpoint>, uid: number) =>
      createLocalUnitFiles({ bus: "system", units: [], excludeUnits: [], timeoutMs: 1000, ...e }, uid).root();
    expect((await root({}, 1000)).reason).toMatch(/does not run as root/);
    expect((await root({}, 0)).dir).toBe("/etc/systemd/system");
    expect((await root({ bus: "user", busAddress: "unix:path=/run/user/1000/bus" }, 0)).dir).toBeNull();
    expect((await root({ bus: "user", busAddress: "unix:path=/run/user/1000/bus" }, 1000)).dir).toMatch(/systemd\/user$/);
  });
});
