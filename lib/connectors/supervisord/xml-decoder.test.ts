import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeMethodResponse, XmlRpcDecodeError } from "./xml-codec";
import { createReplyDecoder } from "./xml-decoder";

const dir = path.join(__dirname, "fixtures");
const replies = readdirSync(dir).filter((f) => f.endsWith(".xml"));

/** Decodes `bytes` pushed in pieces cut at `cuts` (byte offsets). */
function inPieces(bytes: Buffer, cuts: number[]) {
  const d = createReplyDecoder();
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    d.push(bytes.subarray(at, c));
    at = c;
  }
  d.push(bytes.subarray(at));
  return d.end();
}

function seeded(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe("the incremental reply decoder", () => {
  it.each(replies)("gives the same value for %s however the bytes are cut into pieces", (file) => {
    const bytes = readFileSync(path.join(dir, file));
    const whole = decodeMethodResponse(bytes.toString("utf8"));
    const rnd = seeded(bytes.length);
    for (let round = 0; round < 30; round++) {
      const cuts = Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => Math.floor(rnd() * bytes.length));
      expect(inPieces(bytes, cuts)).toEqual(whole);
    }
    // Every single-byte cut, on the smaller replies.
    if (bytes.length < 4096) for (let c = 1; c < bytes.length; c++) expect(inPieces(bytes, [c])).toEqual(whole);
  });

  it("joins a UTF-8 character and a character reference cut between two pieces", () => {
    const xml = Buffer.from("<methodResponse><params><param><value><string>é€😀 &amp; &#x1F600; &lt;b&gt;</string></value></param></params></methodResponse>");
    const whole = decodeMethodResponse(xml.toString("utf8"));
    expect(whole).toEqual({ kind: "value", value: "é€😀 & 😀 <b>" });
    for (let c = 1; c < xml.length; c++) expect(inPieces(xml, [c])).toEqual(whole);
  });

  it("refuses every truncation, wherever the reply stops", () => {
    const bytes = readFileSync(path.join(dir, "multicall-mixed.xml"));
    for (let cut = 1; cut < bytes.length - 1; cut += 7) {
      const d = createReplyDecoder();
      expect(() => (d.push(bytes.subarray(0, cut)), d.end()), `cut at ${cut}`).toThrow(XmlRpcDecodeError);
    }
  });

  it("refuses hostile markup as soon as it arrives: DOCTYPE, entities, attributes, an endless tag", () => {
    for (const bad of ['<!DOCTYPE x [<!ENTITY a "b">]>', "<methodResponse a='1'>", `<${"a".repeat(300)}`]) {
      const d = createReplyDecoder();
      expect(() => d.push(bad)).toThrow(XmlRpcDecodeError);
    }
  });

  it("keeps a struct member named __proto__ as data", () => {
    const reply = decodeMethodResponse(
      "<methodResponse><params><param><value><struct><member><name>__proto__</name><value><struct><member><name>polluted</name><value>1</value></member></struct></value></member></struct></value></param></params></methodResponse>",
    );
    const value = (reply as { value: Record<string, unknown> }).value;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
