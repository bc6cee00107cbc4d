// dbus-next ships types for its high-level API only; these are the internal modules the
// connection uses so it can run over any duplex stream (a socket or an ssh child's stdio).
declare module "dbus-next/lib/handshake" {
  import type { Duplex } from "node:stream";
  function clientHandshake(
    stream: Duplex,
    opts: { authMethods?: string[] },
    cb: (error: unknown, guid?: string) => void,
  ): void;
  export = clientHandshake;
}

declare module "dbus-next/lib/message" {
  import type { Duplex } from "node:stream";
  export function unmarshalMessages(
    stream: Pick<Duplex, "on" | "read">,
    onMessage: (raw: Record<string, unknown>) => void,
    opts: object,
  ): void;
}

declare module "dbus-next/lib/marshall-compat" {
  import type { Message } from "dbus-next";
  export function messageToJsFmt(raw: Record<string, unknown>): Record<string, unknown>;
  export function marshallMessage(msg: Message): [Buffer, unknown[]];
}
