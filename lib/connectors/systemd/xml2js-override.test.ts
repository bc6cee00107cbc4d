import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// dbus-next parses introspection XML with xml2js; 0.4.23 lets a `__proto__` element reach an
// object's prototype (CVE-2023-0842). package.json overrides it under dbus-next.
const fromDbusNext = createRequire(createRequire(import.meta.url).resolve("dbus-next"));

describe("xml2js under dbus-next (CVE-2023-0842)", () => {
  it("is a fixed release (0.5.0 or later)", () => {
    const { version } = fromDbusNext("xml2js/package.json") as { version: string };
    const [major = 0, minor = 0] = version.split(".").map(Number);
    expect(major > 0 || minor >= 5, `xml2js ${version}`).toBe(true);
  });

  it("keeps a __proto__ element as data: the parsed object's prototype is untouched", async () => {
    const xml2js = fromDbusNext("xml2js") as { parseStringPromise(xml: string): Promise<{ node: object }> };
    const parsed = await xml2js.parseStringPromise("<node><__proto__><polluted>yes</polluted></__proto__></node>");
    expect(Object.getPrototypeOf(parsed.node)).toBe(Object.prototype);
    expect(Object.hasOwn(parsed.node, "__proto__")).toBe(true);
    expect((parsed.node as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
