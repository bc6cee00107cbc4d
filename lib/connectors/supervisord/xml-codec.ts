/**
 * XML-RPC encoding of calls and a strict decoder of replies (incremental: xml-decoder.ts).
 * Hand-written instead of the `xmlrpc` package's sax-based deserializer: supervisord puts raw
 * control bytes (ANSI escapes from logs) inside <string>, a truncated reply must be an error
 * rather than a partial value, and the reply is parsed on the hot path of every poll.
 */

import { createReplyDecoder } from "./xml-decoder";

export type XmlRpcValue =
  string | number | boolean | null | XmlRpcValue[] | { [key: string]: XmlRpcValue };

export type XmlRpcReply =
  { kind: "value"; value: XmlRpcValue } | { kind: "fault"; faultCode: number; faultString: string };

export class XmlRpcDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlRpcDecodeError";
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => ESCAPES[c] ?? c);
}

function encodeValue(v: XmlRpcValue): string {
  if (v === null) return "<nil/>";
  if (typeof v === "string") return `<string>${escapeText(v)}</string>`;
  if (typeof v === "boolean") return `<boolean>${v ? 1 : 0}</boolean>`;
  if (typeof v === "number") {
    return Number.isInteger(v) ? `<int>${v}</int>` : `<double>${v}</double>`;
  }
  if (Array.isArray(v)) {
    return `<array><data>${v.map((x) => `<value>${encodeValue(x)}</value>`).join("")}</data></array>`;
  }
  const members = Object.entries(v).map(
    ([k, x]) => `<member><name>${escapeText(k)}</name><value>${encodeValue(x)}</value></member>`,
  );
  return `<struct>${members.join("")}</struct>`;
}

/** Builds the body of an XML-RPC call. */
export function encodeMethodCall(method: string, params: XmlRpcValue[]): string {
  const ps = params.map((p) => `<param><value>${encodeValue(p)}</value></param>`).join("");
  return `<?xml version="1.0"?>\n<methodCall><methodName>${escapeText(method)}</methodName><params>${ps}</params></methodCall>`;
}

/** Decodes a whole methodResponse at once; throws XmlRpcDecodeError on anything malformed or truncated. */
export function decodeMethodResponse(xml: string): XmlRpcReply {
  const decoder = createReplyDecoder();
  decoder.push(xml);
  return decoder.end();
}
