import { BlockList, isIP } from "node:net";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

/** Headers only a trusted reverse proxy may set: from anyone else they are dropped before Next sees them. */
export const FORWARDED_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip"];

/** The addresses (exact or CIDR, e.g. 127.0.0.1, 10.0.0.0/8, ::1) whose forwarded headers are believed. */
export function buildTrustList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", bits] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

/** Whether the peer (the socket's remote address) is a proxy the configuration trusts. */
export function isTrustedPeer(list: BlockList, peer: string | undefined): boolean {
  if (!peer) return false;
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(peer)?.[1];
  if (v4) return list.check(v4, "ipv4");
  return list.check(peer, isIP(peer) === 6 ? "ipv6" : "ipv4");
}

/** Drops every forwarded header of a request whose peer is not trusted; Next then fills them from the socket. */
export function scrubForwarded(request: IncomingMessage, peer: string | undefined, list: BlockList): void {
  if (isTrustedPeer(list, peer)) return;
  for (const h of FORWARDED_HEADERS) delete request.headers[h];
}

const slot = globalThis as typeof globalThis & { __respawnTrustProxy?: { list: BlockList } };

/**
 * Applies `trustProxy` to every request this server receives, before Next's handler reads it.
 * Node publishes each request on this channel before emitting it, so nothing is patched.
 */
export function installProxyTrust(entries: readonly string[]): void {
  const installed = slot.__respawnTrustProxy;
  if (installed) {
    installed.list = buildTrustList(entries);
    return;
  }
  const state = { list: buildTrustList(entries) };
  slot.__respawnTrustProxy = state;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    scrubForwarded(request, socket.remoteAddress, state.list);
  });
}
