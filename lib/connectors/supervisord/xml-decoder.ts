import { StringDecoder } from "node:string_decoder";
import { XmlRpcDecodeError, type XmlRpcReply, type XmlRpcValue } from "./xml-codec";

/**
 * An incremental XML-RPC reply decoder: bytes go in piece by piece as they arrive, values are
 * built as their closing tags pass, and only an unfinished tag is kept between pieces. Memory
 * stays near the size of the values (a 31 MiB reply no longer costs its bytes, one string of
 * it, a token array and the values at once), and each piece costs time in proportion to its size.
 * Same strict rules as before: only XML-RPC's own tags, no attributes, DOCTYPE, entities of our
 * own or comments; a truncated reply is an error, never a partial value.
 */
export interface ReplyDecoder {
  push(chunk: Buffer | string): void;
  /** The reply, once every byte was pushed; throws XmlRpcDecodeError when it is not complete and valid. */
  end(): XmlRpcReply;
}

const MAX_DEPTH = 64;
/** No tag XML-RPC uses is longer; an unterminated `<` beyond this is hostile, not a tag still arriving. */
const MAX_MARKUP = 256;
const TAG = /^<(\/?)([A-Za-z][A-Za-z0-9_.:-]*)\s*(\/?)>$/;
const SCALARS = new Set(["string", "int", "i4", "i8", "boolean", "double", "dateTime.iso8601"]);
const CHILDREN: Record<string, (tag: string, f: Frame) => boolean> = {
  "": (t, f) => t === "methodResponse" && !f.done,
  methodResponse: (t, f) => (t === "params" || t === "fault") && !f.done,
  params: (t, f) => t === "param" && !f.done,
  param: (t, f) => t === "value" && !f.done,
  fault: (t, f) => t === "value" && !f.done,
  value: (t, f) => (SCALARS.has(t) || t === "nil" || t === "array" || t === "struct") && !f.done && !f.parts.some((p) => p.trim()),
  array: (t, f) => t === "data" && !f.done,
  data: (t) => t === "value",
  struct: (t) => t === "member",
  member: (t, f) => (t === "name" ? f.key === undefined : t === "value" && f.key !== undefined && !f.done),
};

interface Frame {
  tag: string;
  parts: string[];
  /** The one value this frame holds once a child delivered it. */
  value?: XmlRpcValue;
  done: boolean;
  key?: string;
  list?: XmlRpcValue[];
  obj?: { [key: string]: XmlRpcValue };
  reply?: XmlRpcReply;
}

const ENTITY = /&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(ENTITY, (_, e: string) => {
    if (e[0] !== "#") return NAMED[e] ?? "";
    const cp = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    if (cp > 0x10ffff) throw new XmlRpcDecodeError(`bad character reference &${e};`);
    return String.fromCodePoint(cp);
  });
}

function scalar(type: string, raw: string): XmlRpcValue {
  switch (type) {
    case "string":
    case "dateTime.iso8601":
      return raw;
    case "boolean":
      if (raw.trim() !== "0" && raw.trim() !== "1") throw new XmlRpcDecodeError("bad boolean");
      return raw.trim() === "1";
    case "double": {
      const n = Number(raw);
      if (!raw.trim() || Number.isNaN(n)) throw new XmlRpcDecodeError("bad double");
      return n;
    }
    default:
      if (!/^\s*[-+]?\d+\s*$/.test(raw)) throw new XmlRpcDecodeError(`bad integer "${raw.slice(0, 20)}"`);
      return Number(raw);
  }
}

/** What a closed value, scalar, array, data or struct gives its parent. */
function closedValue(f: Frame): XmlRpcValue {
  if (SCALARS.has(f.tag)) return scalar(f.tag, f.parts.join(""));
  if (f.tag === "nil") return null;
  if (f.tag === "array") return f.done ? (f.value ?? []) : need("data");
  if (f.tag === "data") return f.list ?? [];
  if (f.tag === "struct") return f.obj ?? {};
  return f.done ? (f.value ?? null) : f.parts.join(""); // <value>: typed, or untyped text (a string)
}

function need(tag: string): never {
  throw new XmlRpcDecodeError(`expected <${tag}>`);
}

function hold(parent: Frame, v: XmlRpcValue): void {
  parent.value = v;
  parent.done = true;
}

/** Hands a closed element to its parent, checking it held what XML-RPC says it must. */
function finishFrame(f: Frame, parent: Frame): void {
  switch (f.tag) {
    case "member": {
      if (f.key === undefined || !f.done) need(f.key === undefined ? "name" : "value");
      // A member named "__proto__" is data: defineProperty never reaches the prototype.
      Object.defineProperty((parent.obj ??= {}), f.key, { value: f.value ?? null, enumerable: true, writable: true, configurable: true });
      return;
    }
    case "name":
      parent.key = f.parts.join("");
      return;
    case "param":
      return f.done ? hold(parent, f.value ?? null) : need("value");
    case "params":
      if (!f.done) need("param");
      parent.reply = { kind: "value", value: f.value ?? null };
      parent.done = true;
      return;
    case "fault":
      if (!f.done) need("value");
      parent.reply = faultOf(f.value ?? null);
      parent.done = true;
      return;
    case "methodResponse":
      if (!f.done) need("params");
      parent.reply = f.reply;
      parent.done = true;
      return;
    default:
      if (parent.tag === "data") (parent.list ??= []).push(closedValue(f));
      else hold(parent, closedValue(f));
  }
}

function faultOf(v: XmlRpcValue): XmlRpcReply {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new XmlRpcDecodeError("bad fault");
  const { faultCode, faultString } = v;
  if (typeof faultCode !== "number" || typeof faultString !== "string") throw new XmlRpcDecodeError("bad fault");
  return { kind: "fault", faultCode, faultString };
}

export function createReplyDecoder(): ReplyDecoder {
  const utf8 = new StringDecoder("utf8");
  const stack: Frame[] = [{ tag: "", parts: [], done: false }];
  let buf = "";
  let offset = 0;
  let failed: XmlRpcDecodeError | null = null;

  const top = () => stack[stack.length - 1] as Frame;
  const text = (t: string) => {
    const f = top();
    if (f.tag === "value" || f.tag === "name" || SCALARS.has(f.tag)) {
      if (f.tag === "value" && f.done) {
        if (t.trim()) throw new XmlRpcDecodeError("expected </value>");
      } else f.parts.push(decodeEntities(t));
    } else if (t.trim()) throw new XmlRpcDecodeError(f.tag === "" && stack[0]?.done ? "content after </methodResponse>" : `unexpected text in <${f.tag || "document"}>`);
  };
  const open = (tag: string) => {
    const f = top();
    const allowed = CHILDREN[f.tag];
    if (f.tag === "value" && !f.done && !CHILDREN.value?.(tag, f) && !f.parts.some((p) => p.trim())) {
      throw new XmlRpcDecodeError(`unsupported type <${tag}>`);
    }
    if (!allowed || !allowed(tag, f)) {
      throw new XmlRpcDecodeError(f.tag === "" && f.done ? "content after </methodResponse>" : `unexpected <${tag}> in <${f.tag || "document"}>`);
    }
    if (stack.length > MAX_DEPTH) throw new XmlRpcDecodeError(`nested deeper than ${MAX_DEPTH} levels`);
    stack.push({ tag, parts: [], done: false });
  };
  const close = (tag: string) => {
    const f = top();
    if (f.tag !== tag || stack.length === 1) throw new XmlRpcDecodeError(`expected </${f.tag || "methodResponse"}>`);
    stack.pop();
    finishFrame(f, top());
  };
  const markup = (m: string, at: number) => {
    if (m.startsWith("<?") && m.endsWith("?>")) return;
    const t = TAG.exec(m);
    if (!t?.[2]) throw new XmlRpcDecodeError(`unexpected markup at byte ${at}`);
    if (t[1]) return close(t[2]);
    open(t[2]);
    if (t[3]) close(t[2]);
  };
  const scan = (final: boolean) => {
    let pos = 0;
    while (pos < buf.length) {
      if (buf.charCodeAt(pos) !== 60 /* < */) {
        let lt = buf.indexOf("<", pos);
        if (lt < 0) {
          // Keep a character reference cut by the piece boundary for the next piece.
          const amp = buf.lastIndexOf("&");
          lt = !final && amp >= pos && amp > buf.length - 12 && !buf.includes(";", amp) ? amp : buf.length;
          if (lt === pos) break;
        }
        text(buf.slice(pos, lt));
        pos = lt;
        continue;
      }
      const gt = buf.indexOf(">", pos);
      if (gt < 0) {
        if (final || buf.length - pos > MAX_MARKUP) throw new XmlRpcDecodeError(`unexpected markup at byte ${offset + pos}`);
        break;
      }
      markup(buf.slice(pos, gt + 1), offset + pos);
      pos = gt + 1;
    }
    offset += pos;
    buf = buf.slice(pos);
  };
  const guarded = (work: () => void) => {
    if (failed) throw failed;
    try {
      work();
    } catch (e) {
      failed = e instanceof XmlRpcDecodeError ? e : new XmlRpcDecodeError(e instanceof Error ? e.message : String(e));
      buf = "";
      stack.length = 0;
      throw failed;
    }
  };
  return {
    push(chunk) {
      guarded(() => {
        buf += typeof chunk === "string" ? chunk : utf8.write(chunk);
        scan(false);
      });
    },
    end() {
      let reply = null as XmlRpcReply | null;
      guarded(() => {
        buf += utf8.end();
        scan(true);
        const root = stack[0];
        if (stack.length !== 1 || !root?.done) throw new XmlRpcDecodeError(`expected </${top().tag || "methodResponse"}>`);
        reply = root.reply ?? null;
      });
      if (!reply) throw new XmlRpcDecodeError("expected <methodResponse>");
      return reply;
    },
  };
}
