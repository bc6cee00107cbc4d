import { describe, expect, it } from "vitest";
import { isValidUnitName } from "@/lib/connectors/journal/unit-name";
import { createUnitFilter, globToRegExp } from "./unit-filter";
import { unitNameFromPath, unitObjectPath } from "./unit-path";

describe("unit object paths", () => {
  it("escapes like sd-bus and reads back", () => {
    expect(unitObjectPath("dbus.service")).toBe("/org/freedesktop/systemd1/unit/dbus_2eservice");
    expect(unitObjectPath("-.slice")).toBe("/org/freedesktop/systemd1/unit/_2d_2eslice");
    expect(unitObjectPath("getty@tty1.service")).toBe("/org/freedesktop/systemd1/unit/getty_40tty1_2eservice");
    expect(unitObjectPath("0ab.service")).toBe("/org/freedesktop/systemd1/unit/_30ab_2eservice");
    for (const n of ["rsp-1a2b-healthy.service", "run-user-0-pk\\x2ddebconf.mount", "a@b.c.service"]) {
      expect(unitNameFromPath(unitObjectPath(n))).toBe(n);
    }
    expect(unitNameFromPath("/org/freedesktop/systemd1")).toBeNull();
    expect(unitNameFromPath("/org/freedesktop/systemd1/job/12")).toBeNull();
  });
});

describe("unit filter", () => {
  it("matches fnmatch globs", () => {
    expect(globToRegExp("*.service").test("a.service")).toBe(true);
    expect(globToRegExp("*.service").test("a.socket")).toBe(false);
    expect(globToRegExp("web-?.service").test("web-1.service")).toBe(true);
    expect(globToRegExp("web-[12].service").test("web-3.service")).toBe(false);
    expect(globToRegExp("a.b").test("axb")).toBe(false);
  });

  it("shows *.service by default without systemd's own units", () => {
    const f = createUnitFilter(["*.service"], []);
    expect(f("nginx.service")).toBe(true);
    expect(f("nginx.socket")).toBe(false);
    for (const own of ["systemd-journald.service", "dbus.service", "user@0.service", "dbus-broker.service"]) {
      expect(f(own)).toBe(false);
    }
  });

  it("excludes by pattern, and shows a built-in exclusion only when named exactly", () => {
    expect(createUnitFilter(["*.service"], ["nginx*"])("nginx.service")).toBe(false);
    expect(createUnitFilter(["dbus.service", "*.timer"], [])("dbus.service")).toBe(true);
  });
});

describe("unit names", () => {
  it("accepts systemd's names and refuses option- or path-like ones", () => {
    for (const ok of ["a.service", "getty@tty1.service", "foo@.service", "x-y_z:1.socket", "run-user-0-pk\\x2ddebconf.mount"]) {
      expect(isValidUnitName(ok), ok).toBe(true);
    }
    for (const bad of ["-f.service", "--all", "../etc/passwd.service", "a/b.service", "noext", "a.unknown", "", "a b.service", "x".repeat(300) + ".service", "a;rm.service"]) {
      expect(isValidUnitName(bad), bad).toBe(false);
    }
  });
});
