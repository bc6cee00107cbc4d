/**
 * Respawn's supervisord event listener: speaks supervisord's eventlistener protocol on
 * stdin/stdout and forwards PROCESS_STATE events to the dashboard. No dependencies beyond Node.
 * supervisord must never wait on us: every event is acknowledged at once; delivery happens in
 * the background from a small bounded queue.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";

export const STATES = ["STOPPED", "STARTING", "RUNNING", "BACKOFF", "STOPPING", "EXITED", "FATAL", "UNKNOWN"];
const MAX_HEADER_BYTES = 4096;
const MAX_PAYLOAD_BYTES = 1024 * 1024;

/** Splits "key:value key:value" into an object (values hold no spaces in these events). */
export function parseTokens(line) {
  const out = {};
  for (const token of line.trim().split(/\s+/)) {
    const i = token.indexOf(":");
    if (i > 0) out[token.slice(0, i)] = token.slice(i + 1);
  }
  return out;
}

/**
 * Feeds raw stdin bytes; calls onMessage(header, payload) for each complete header line and its
 * `len` bytes of payload. Throws on a header it cannot read (supervisord never sends one).
 */
export function createProtocolParser(onMessage) {
  let buf = Buffer.alloc(0);
  let header = null;
  function step() {
    if (!header) {
      const nl = buf.indexOf(10);
      if (nl < 0) {
        if (buf.length > MAX_HEADER_BYTES) throw new Error("event header too long");
        return false;
      }
      header = parseTokens(buf.subarray(0, nl).toString("utf8"));
      buf = buf.subarray(nl + 1);
      const len = Number(header.len);
      if (!Number.isInteger(len) || len < 0 || len > MAX_PAYLOAD_BYTES) throw new Error("bad event header");
    }
    const len = Number(header.len);
    if (buf.length < len) return false;
    const payload = buf.subarray(0, len).toString("utf8");
    buf = buf.subarray(len);
    const done = header;
    header = null;
    onMessage(done, payload);
    return true;
  }
  return {
    push(chunk) {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      while (step()) {
        // one message per step
      }
    },
  };
}

function intOrNull(v) {
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : null;
}

/**
 * Turns one supervisord message into the event Respawn stores, "tick" for TICK_* heartbeats, or
 * null for anything else. The first line of a PROCESS_STATE payload holds its tokens.
 */
export function toRespawnEvent(header, payload, receivedAt) {
  const name = header.eventname || "";
  if (name.startsWith("TICK_")) return "tick";
  const state = name.startsWith("PROCESS_STATE_") ? name.slice("PROCESS_STATE_".length) : "";
  if (!STATES.includes(state)) return null;
  const p = parseTokens(payload.split("\n")[0] || "");
  if (!p.processname || !p.groupname || !STATES.includes(p.from_state)) return null;
  const pid = intOrNull(p.pid);
  return {
    serial: intOrNull(header.serial) ?? 0,
    state,
    processName: p.processname,
    groupName: p.groupname,
    fromState: p.from_state,
    pid: pid && pid > 0 ? pid : null,
    expected: p.expected === undefined ? null : p.expected === "1",
    tries: intOrNull(p.tries),
    receivedAt,
  };
}

/** The acknowledgement supervisord waits for; always OK so it never blocks or resends. */
export const ACK = "RESULT 2\nOK";

/** Reads the listener's settings from the environment; the token may come from a file. */
export function readConfig(env) {
  const url = (env.RESPAWN_URL || "").replace(/\/+$/, "");
  const hostId = env.RESPAWN_HOST_ID || "";
  let token = env.RESPAWN_LISTENER_TOKEN || "";
  if (!token && env.RESPAWN_LISTENER_TOKEN_FILE) token = readFileSync(env.RESPAWN_LISTENER_TOKEN_FILE, "utf8").trim();
  const missing = [!/^https?:\/\//.test(url) && "RESPAWN_URL", !hostId && "RESPAWN_HOST_ID", !token && "RESPAWN_LISTENER_TOKEN(_FILE)"].filter(Boolean);
  if (missing.length) throw new Error(`missing or invalid: ${missing.join(", ")}`);
  return {
    endpoint: `${url}/api/hosts/${encodeURIComponent(hostId)}/events`,
    token,
    timeoutMs: Number(env.RESPAWN_LISTENER_TIMEOUT_MS) || 2000,
    maxQueue: Number(env.RESPAWN_LISTENER_QUEUE) || 1000,
  };
}

/** A random id of this listener run: supervisord's serials start again when it restarts. */
export function newInstanceId() {
  return randomBytes(9).toString("base64url");
}
