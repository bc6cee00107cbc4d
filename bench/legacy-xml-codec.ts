// The supervisord reply decoder as it was before it became incremental: kept only so that
// bench/big-reply.ts can measure both side by side.
/**
 * XML-RPC encoding of calls and a strict, synchronous decoder of replies. Hand-written instead of
 * the `xmlrpc` package's sax-based deserializer: supervisord puts raw control bytes (ANSI escapes
 * from logs) inside <string>, a truncated reply must be an error rather than a partial value, and
 * the reply is parsed on the hot path of every poll.
 */

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

type Token = { tag: string; close: boolean; empty: boolean } | { text: string };

const ENTITY = /&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(ENTITY, (_, e: string) => {
    if (e[0] !== "#") return NAMED[e] ?? "";
    const cp = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return String.fromCodePoint(cp);
  });
}

/** supervisord's replies nest a few levels; a hostile reply nested thousands deep is refused early. */
const MAX_DEPTH = 64;

function tokenize(xml: string): Token[] {
  const tokens: Token[] = [];
  const re = /<(\/?)([A-Za-z][A-Za-z0-9_.:-]*)\s*(\/?)>|<\?[^>]*\?>|([^<]+)/y;
  let m: RegExpExecArray | null;
  let depth = 0;
  while (re.lastIndex < xml.length) {
    const at = re.lastIndex;
    m = re.exec(xml);
    if (!m) throw new XmlRpcDecodeError(`unexpected markup at byte ${at}`);
    if (m[2]) {
      tokens.push({ tag: m[2], close: m[1] === "/", empty: m[3] === "/" });
      if (!m[3]) depth += m[1] ? -1 : 1;
      if (depth > MAX_DEPTH) throw new XmlRpcDecodeError(`nested deeper than ${MAX_DEPTH} levels`);
    } else if (m[4] !== undefined) tokens.push({ text: m[4] });
  }
  return tokens;
}

class Reader {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  /** Skips whitespace-only text between tags. */
  private skipSpace(): void {
    for (let t = this.tokens[this.i]; t && "text" in t && !t.text.trim(); t = this.tokens[this.i])
      this.i++;
  }

  peekTag(): { tag: string; close: boolean; empty: boolean } | null {
    this.skipSpace();
    const t = this.tokens[this.i];
    return t && "tag" in t ? t : null;
  }

  open(name: string): boolean {
    const t = this.peekTag();
    if (!t || t.close || t.tag !== name) throw new XmlRpcDecodeError(`expected <${name}>`);
    this.i++;
    return t.empty;
  }

  close(name: string): void {
    const t = this.peekTag();
    if (!t || !t.close || t.tag !== name) throw new XmlRpcDecodeError(`expected </${name}>`);
    this.i++;
  }

  /** Text up to the closing tag (which is consumed); empty for <x/>. */
  text(name: string, empty: boolean): string {
    if (empty) return "";
    const t = this.tokens[this.i];
    let s = "";
    if (t && "text" in t) {
      s = decodeEntities(t.text);
      this.i++;
    }
    const c = this.tokens[this.i];
    if (!c || !("tag" in c) || !c.close || c.tag !== name)
      throw new XmlRpcDecodeError(`expected </${name}>`);
    this.i++;
    return s;
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.i >= this.tokens.length;
  }
}

function scalar(type: string, raw: string): XmlRpcValue {
  switch (type) {
    case "string":
    case "dateTime.iso8601":
      return raw;
    case "int":
    case "i4":
    case "i8": {
      if (!/^\s*[-+]?\d+\s*$/.test(raw))
        throw new XmlRpcDecodeError(`bad integer "${raw.slice(0, 20)}"`);
      return Number(raw);
    }
    case "boolean":
      if (raw.trim() !== "0" && raw.trim() !== "1") throw new XmlRpcDecodeError("bad boolean");
      return raw.trim() === "1";
    case "double": {
      const n = Number(raw);
      if (!raw.trim() || Number.isNaN(n)) throw new XmlRpcDecodeError("bad double");
      return n;
    }
    default:
      throw new XmlRpcDecodeError(`unsupported type <${type}>`);
  }
}

function readValue(r: Reader): XmlRpcValue {
  if (r.open("value")) return "";
  const t = r.peekTag();
  if (!t || t.close) return r.text("value", false); // untyped value is a string
  r.open(t.tag);
  let v: XmlRpcValue;
  if (t.tag === "nil") {
    if (!t.empty) r.close("nil");
    v = null;
  } else if (t.tag === "array") v = t.empty ? [] : readArray(r);
  else if (t.tag === "struct") v = t.empty ? {} : readStruct(r);
  else v = scalar(t.tag, r.text(t.tag, t.empty));
  r.close("value");
  return v;
}

function readArray(r: Reader): XmlRpcValue[] {
  const out: XmlRpcValue[] = [];
  if (!r.open("data")) {
    while (r.peekTag()?.tag === "value" && !r.peekTag()?.close) out.push(readValue(r));
    r.close("data");
  }
  r.close("array");
  return out;
}

function readStruct(r: Reader): { [key: string]: XmlRpcValue } {
  const out: { [key: string]: XmlRpcValue } = {};
  while (r.peekTag()?.tag === "member" && !r.peekTag()?.close) {
    r.open("member");
    const key = r.text("name", r.open("name"));
    out[key] = readValue(r);
    r.close("member");
  }
  r.close("struct");
  return out;
}

function readFault(r: Reader): XmlRpcReply {
  const v = readValue(r);
  r.close("fault");
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new XmlRpcDecodeError("bad fault");
  const { faultCode, faultString } = v;
  if (typeof faultCode !== "number" || typeof faultString !== "string")
    throw new XmlRpcDecodeError("bad fault");
  return { kind: "fault", faultCode, faultString };
}

/** Decodes a methodResponse; throws XmlRpcDecodeError on anything malformed or truncated. */
export function decodeMethodResponse(xml: string): XmlRpcReply {
  const r = new Reader(tokenize(xml));
  r.open("methodResponse");
  let reply: XmlRpcReply;
  if (r.peekTag()?.tag === "fault") {
    r.open("fault");
    reply = readFault(r);
  } else {
    r.open("params");
    r.open("param");
    reply = { kind: "value", value: readValue(r) };
    r.close("param");
    r.close("params");
  }
  r.close("methodResponse");
  if (!r.atEnd()) throw new XmlRpcDecodeError("content after </methodResponse>");
  return reply;
}
