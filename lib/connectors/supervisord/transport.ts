import http from "node:http";
import https from "node:https";
import { RespawnError } from "@/lib/util/errors";
import { SupervisordFault, SupervisordHttpError } from "./faults";
import { decodeReplyStream } from "./reply-stream";
import { encodeMethodCall, type XmlRpcReply, type XmlRpcValue } from "./xml-codec";

/** The only XML-RPC methods Respawn ever sends: reads, start/stop, and multicall of these. */
export const ALLOWED_METHODS = [
  "supervisor.getAPIVersion",
  "supervisor.getSupervisorVersion",
  "supervisor.getState",
  "supervisor.getPID",
  "supervisor.getAllProcessInfo",
  "supervisor.getProcessInfo",
  "supervisor.getAllConfigInfo",
  "supervisor.readLog",
  "supervisor.startProcess",
  "supervisor.stopProcess",
  "supervisor.startProcessGroup",
  "supervisor.stopProcessGroup",
  "supervisor.readProcessStdoutLog",
  "supervisor.readProcessStderrLog",
  "supervisor.tailProcessStdoutLog",
  "supervisor.tailProcessStderrLog",
  "system.multicall",
] as const;
export type AllowedMethod = (typeof ALLOWED_METHODS)[number];

/**
 * The three more a restart-policy change needs (reload the config, remove and add one group):
 * only a transport created with `allowPolicyMethods` sends them, never inside a multicall.
 */
export const POLICY_METHODS = [
  "supervisor.reloadConfig",
  "supervisor.removeProcessGroup",
  "supervisor.addProcessGroup",
] as const;
export type PolicyMethod = (typeof POLICY_METHODS)[number];

const ALLOWED = new Set<string>(ALLOWED_METHODS);
const POLICY_ALLOWED = new Set<string>([...ALLOWED_METHODS, ...POLICY_METHODS]);

export interface TransportOptions {
  hostId: string;
  socketPath?: string;
  url?: string;
  username?: string;
  password?: string;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Also allow POLICY_METHODS (the policy editor's own transport only). */
  allowPolicyMethods?: boolean;
}

export interface XmlRpcTransport {
  /** Where it is reached, without secrets. */
  readonly target: string;
  /** One call; faults are thrown as SupervisordFault. */
  call(method: AllowedMethod | PolicyMethod, params: XmlRpcValue[], signal: AbortSignal): Promise<XmlRpcValue>;
}

/** Throws FORBIDDEN for any method outside the allow-list (checked before any I/O). */
export function assertAllowed(method: string, hostId: string, policy = false): asserts method is AllowedMethod {
  if (!(policy ? POLICY_ALLOWED : ALLOWED).has(method)) {
    throw new RespawnError("FORBIDDEN", `XML-RPC method not allowed: ${method.slice(0, 80)}`, {
      hostId,
    });
  }
}

const NET_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOENT: "socket missing",
  EACCES: "permission denied",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "host name lookup failed",
  ENOTSOCK: "not a socket",
};

function networkError(e: unknown, target: string, hostId: string): RespawnError {
  if (e instanceof RespawnError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? "";
  const reason = NET_REASONS[code] ?? (code ? code : "connection failed");
  return new RespawnError("UNREACHABLE", `${reason} (${target})`, {
    hostId,
    detail: code || undefined,
    cause: e,
  });
}

function requestOptions(o: TransportOptions, body: string): http.RequestOptions {
  const headers: http.OutgoingHttpHeaders = {
    "Content-Type": "text/xml",
    "Content-Length": Buffer.byteLength(body),
    Connection: "close",
  };
  if (o.username) {
    headers.Authorization = `Basic ${Buffer.from(`${o.username}:${o.password ?? ""}`).toString("base64")}`;
  }
  if (o.socketPath)
    return { socketPath: o.socketPath, path: "/RPC2", method: "POST", headers, agent: false };
  const u = new URL(o.url ?? "");
  return {
    protocol: u.protocol,
    hostname: u.hostname.replace(/^\[|\]$/g, ""),
    port: u.port || (u.protocol === "https:" ? 443 : 80),
    path: u.pathname === "/" ? "/RPC2" : u.pathname,
    method: "POST",
    headers,
    agent: false,
  };
}

/** Creates the XML-RPC transport of one supervisord (unix socket or http(s) URL). */
export function createXmlRpcTransport(o: TransportOptions): XmlRpcTransport {
  const target = o.socketPath ? `unix:${o.socketPath}` : new URL(o.url ?? "").origin;
  return {
    target,
    async call(method, params, signal) {
      assertAllowed(method, o.hostId, o.allowPolicyMethods === true);
      const body = encodeMethodCall(method, params);
      const reply = await exchange(o, target, body, signal);
      if (reply.kind === "fault") throw new SupervisordFault(reply.faultCode, reply.faultString, o.hostId);
      return reply.value;
    },
  };
}

/** Sends one request on a fresh connection and decodes the reply as it arrives, enforcing deadline, cap and status. */
function exchange(
  o: TransportOptions,
  target: string,
  body: string,
  signal: AbortSignal,
): Promise<XmlRpcReply> {
  const hostId = o.hostId;
  if (signal.aborted) {
    return Promise.reject(
      new RespawnError("TIMEOUT", "the call was aborted before the host answered", { hostId }),
    );
  }
  return new Promise<XmlRpcReply>((resolve, reject) => {
    const mod = o.url?.startsWith("https:") ? https : http;
    const req = mod.request(requestOptions(o, body));
    let settled = false;
    let abandon: () => void = () => undefined;
    const finish = (err: RespawnError | null, value?: XmlRpcReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      if (err || !value) {
        abandon(); // drops what was decoded of the reply
        req.destroy();
        reject(err ?? new RespawnError("BAD_RESPONSE", "empty reply", { hostId }));
      } else resolve(value);
    };
    const timer = setTimeout(
      () =>
        finish(
          new RespawnError("TIMEOUT", `no answer within ${o.timeoutMs} ms (${target})`, { hostId }),
        ),
      o.timeoutMs,
    );
    const onAbort = () =>
      finish(
        new RespawnError("TIMEOUT", "the call was aborted before the host answered", { hostId }),
      );
    signal.addEventListener("abort", onAbort, { once: true });
    req.on("socket", (s) => {
      // supervisord writes replies in 4 KB pieces; Nagle there plus delayed ACK here stalls ~44 ms.
      if ("setNoDelay" in s && typeof s.setNoDelay === "function") s.setNoDelay(true);
    });
    req.on("error", (e) => finish(networkError(e, target, hostId)));
    req.on("response", (res) => (abandon = readBody(res, o.maxResponseBytes, hostId, finish)));
    req.end(body);
  });
}

function readBody(
  res: http.IncomingMessage,
  max: number,
  hostId: string,
  finish: (err: RespawnError | null, value?: XmlRpcReply) => void,
): () => void {
  const status = res.statusCode ?? 0;
  if (status !== 200) {
    res.resume();
    finish(new SupervisordHttpError(status, hostId));
    return () => undefined;
  }
  if (Number(res.headers["content-length"] ?? 0) > max) {
    res.destroy();
    finish(new RespawnError("BAD_RESPONSE", `reply larger than ${max} bytes`, { hostId }));
    return () => undefined;
  }
  return decodeReplyStream(res, max, (o) => {
    if (o.ok) return finish(null, o.reply);
    if (o.why === "malformed") return finish(new RespawnError("BAD_RESPONSE", `supervisord sent a malformed reply: ${o.message}`, { hostId }));
    finish(new RespawnError(o.why === "cut" ? "UNREACHABLE" : "BAD_RESPONSE", o.message, { hostId }));
  });
}
