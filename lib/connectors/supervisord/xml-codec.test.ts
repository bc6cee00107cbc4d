import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeMethodResponse, encodeMethodCall, XmlRpcDecodeError } from "./xml-codec";

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

describe("XML-RPC codec on recorded supervisord replies", () => {
  it("decodes getState and the version", () => {
    expect(decodeMethodResponse(fixture("get-state.xml"))).toEqual({
      kind: "value",
      value: { statecode: 1, statename: "RUNNING" },
    });
    expect(decodeMethodResponse(fixture("get-supervisor-version.xml"))).toEqual({
      kind: "value",
      value: "4.2.5",
    });
  });

  it("decodes a fault with its code and string", () => {
    expect(decodeMethodResponse(fixture("fault-bad-name.xml"))).toEqual({
      kind: "fault",
      faultCode: 10,
      faultString: "BAD_NAME: nope",
    });
  });

  it("keeps raw ANSI escapes and multi-byte characters of a log window", () => {
    const reply = decodeMethodResponse(fixture("read-stdout-ansi.xml"));
    expect(reply).toEqual({ kind: "value", value: "tick 0 \u001b[31mred\u001b[0m café ✓ bad[" });
  });

  it("decodes the tail triple [text, size, overflow] with an empty string", () => {
    const reply = decodeMethodResponse(fixture("tail-stdout-size.xml"));
    expect(reply.kind).toBe("value");
    const value = reply.kind === "value" ? reply.value : null;
    expect(
      Array.isArray(value) && value[0] === "" && typeof value[1] === "number" && value[2] === true,
    ).toBe(true);
  });

  it("decodes multicall results, which supervisord does not wrap in arrays", () => {
    const reply = decodeMethodResponse(fixture("multicall-mixed.xml"));
    expect(reply).toEqual({
      kind: "value",
      value: [
        { statecode: 1, statename: "RUNNING" },
        { faultCode: 10, faultString: "BAD_NAME: nope" },
        "4.2.5",
      ],
    });
  });

  it("refuses a truncated reply instead of returning part of it", () => {
    const xml = fixture("get-all-process-info.xml");
    for (const cut of [10, 200, Math.floor(xml.length / 2), xml.length - 30]) {
      expect(() => decodeMethodResponse(xml.slice(0, cut))).toThrow(XmlRpcDecodeError);
    }
  });

  it("refuses a reply nested thousands deep before building it (a hostile host cannot blow up memory or the stack)", () => {
    const n = 100_000;
    const xml = `<?xml version='1.0'?><methodResponse><params><param>${"<value><array><data>".repeat(n)}${"</data></array></value>".repeat(n)}</param></params></methodResponse>`;
    expect(() => decodeMethodResponse(xml)).toThrow(/nested deeper than 64 levels/);
    const fine = `<?xml version='1.0'?><methodResponse><params><param>${"<value><array><data>".repeat(10)}${"</data></array></value>".repeat(10)}</param></params></methodResponse>`;
    expect(decodeMethodResponse(fine).kind).toBe("value");
  });

  it("refuses an HTML error page", () => {
    expect(() => decodeMethodResponse(fixture("read-stdout-invalid-utf8.http500.html"))).toThrow(
      XmlRpcDecodeError,
    );
  });

  it("decodes entities, untyped values, empty and self-closed values", () => {
    const xml =
      "<?xml version='1.0'?><methodResponse><params><param><value><array><data>" +
      "<value>a &lt;b&gt; &amp; &#233;&#x2713;</value><value></value><value><string/></value>" +
      "<value><boolean>0</boolean></value><value><double>-1.5</double></value><value><nil/></value>" +
      "<value><i4>-7</i4></value><value><struct></struct></value><value><array><data/></array></value>" +
      "</data></array></value></param></params></methodResponse>";
    expect(decodeMethodResponse(xml)).toEqual({
      kind: "value",
      value: ["a <b> & é✓", "", "", false, -1.5, null, -7, {}, []],
    });
  });

  it("refuses bad scalars and trailing content", () => {
    const wrap = (v: string) =>
      `<methodResponse><params><param><value>${v}</value></param></params></methodResponse>`;
    expect(() => decodeMethodResponse(wrap("<int>12abc</int>"))).toThrow(/bad integer/);
    expect(() => decodeMethodResponse(wrap("<boolean>yes</boolean>"))).toThrow(/bad boolean/);
    expect(() => decodeMethodResponse(wrap("<base64>AA==</base64>"))).toThrow(/unsupported/);
    expect(() => decodeMethodResponse(wrap("<int>1</int>") + "<x>")).toThrow();
  });

  it("encodes a call with escaped strings, ints, booleans and structs", () => {
    const xml = encodeMethodCall("system.multicall", [
      [{ methodName: "a<b", params: ["x&y", 3, false] }],
    ]);
    expect(xml).toContain("<methodName>system.multicall</methodName>");
    expect(xml).toContain("<string>a&lt;b</string>");
    expect(xml).toContain("<string>x&amp;y</string><");
    expect(xml).toContain("<int>3</int>");
    expect(xml).toContain("<boolean>0</boolean>");
  });
});
