import { describe, expect, it } from "vitest";
import { installedUnits } from "./unit-files";
import { createUnitFilter } from "./unit-filter";

// Rows as a Debian 12 user manager answers ListUnitFilesByPatterns([], ["*.service"]).
const ROWS: Array<[string, string]> = [
  ["/usr/lib/systemd/user/gpg-agent.service", "static"],
  ["/usr/lib/systemd/user/systemd-tmpfiles-setup.service", "disabled"],
  ["/run/user/0/systemd/generator.late/app-print\\x2dapplet@autostart.service", "generated"],
  ["/usr/lib/systemd/user/dbus.service", "static"],
  ["/root/.config/systemd/user/web.service", "enabled"],
  ["/root/.config/systemd/user/worker@.service", "disabled"],
  ["/root/.config/systemd/user/www.service", "alias"],
  ["/root/.config/systemd/user/old.service", "masked"],
];

describe("installedUnits", () => {
  const filter = createUnitFilter(["*.service"], []);

  it("shows installed files by name with their state; templates, aliases and systemd's own units left out", () => {
    expect(installedUnits(ROWS, filter, new Set())).toEqual([
      { name: "gpg-agent.service", path: "/usr/lib/systemd/user/gpg-agent.service", state: "static" },
      { name: "app-print\\x2dapplet@autostart.service", path: ROWS[2]?.[0], state: "generated" },
      { name: "web.service", path: "/root/.config/systemd/user/web.service", state: "enabled" },
      { name: "old.service", path: "/root/.config/systemd/user/old.service", state: "masked" },
    ]);
  });

  it("leaves out what is loaded already (the loaded unit is read instead) and what the filter hides", () => {
    const only = createUnitFilter(["*.service"], ["gpg-*", "app-*"]);
    expect(installedUnits(ROWS, only, new Set(["web.service"])).map((u) => u.name)).toEqual(["old.service"]);
  });

  it("keeps the first row when a name comes twice", () => {
    const twice: Array<[string, string]> = [
      ["/etc/systemd/user/a.service", "enabled"],
      ["/usr/lib/systemd/user/a.service", "disabled"],
    ];
    expect(installedUnits(twice, filter, new Set())).toEqual([{ name: "a.service", path: "/etc/systemd/user/a.service", state: "enabled" }]);
  });
});
