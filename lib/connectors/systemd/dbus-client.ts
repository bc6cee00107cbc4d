import { Message, MessageType, type MessageLike } from "dbus-next";
import clientHandshake from "dbus-next/lib/handshake";
import { marshallMessage, messageToJsFmt } from "dbus-next/lib/marshall-compat";
import { unmarshalMessages } from "dbus-next/lib/message";
import type { Duplex } from "node:stream";
import { onAbort } from "@/lib/util/abort-fanout";
import { RespawnError } from "@/lib/util/errors";
import type { Transport } from "./transport";

type Pending = { resolve: (m: Message) => void; reject: (e: RespawnError) => void };
export type CallOptions = { signal?: AbortSignal; timeoutMs: number };

/**
 * One D-Bus connection over any duplex stream. dbus-next's MessageBus is not used: it never
 * fails calls in flight when the stream dies, and a failed Hello becomes an unhandled
 * rejection. Here every call has a deadline and fails with UNREACHABLE when the stream goes.
 */
export class DbusClient {
  name: string | null = null;
  private serial = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly signalListeners = new Set<(m: Message) => void>();
  private dead: RespawnError | null = null;
  readonly closed: Promise<RespawnError>;

  constructor(
    private readonly transport: Transport,
    private readonly hostId: string,
  ) {
    this.closed = transport.closed.then((e) => this.fail(e));
  }

  /** Authenticates and says Hello; rejects with the transport's reason if the stream dies first. */
  async start(timeoutMs: number): Promise<void> {
    const { stream } = this.transport;
    const handshake = new Promise<void>((resolve, reject) => {
      clientHandshake(stream, { authMethods: ["EXTERNAL", "ANONYMOUS"] }, (error) => {
        if (error) reject(new RespawnError("AUTH", `D-Bus refused authentication: ${String(error)}`, { hostId: this.hostId }));
        else resolve();
      });
    });
    await this.race(Promise.race([handshake, this.closed.then((e) => Promise.reject(e))]), timeoutMs, "D-Bus authentication");
    unmarshalMessages(this.guard(stream), (raw) => this.receive(raw), {});
    const hello = await this.call(
      { destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus", member: "Hello" },
      { timeoutMs },
    ).catch((e: unknown) => {
      // A peer that is not a bus (e.g. systemd's private socket) answers Hello with an error.
      if (!(e instanceof RespawnError) || e.code !== "NOT_FOUND") throw e;
      throw new RespawnError("UNREACHABLE", "the address is not a D-Bus bus (Hello refused); give the bus socket", {
        hostId: this.hostId,
        detail: e.detail,
      });
    });
    this.name = String(hello.body[0]);
  }

  /** Sends a method call and waits for its reply, the deadline, the abort signal or the end. */
  call(msg: MessageLike, options: CallOptions): Promise<Message> {
    if (this.dead) return Promise.reject(this.dead);
    if (options.signal?.aborted) return Promise.reject(abortError(this.hostId));
    const serial = this.serial++;
    const message = new Message({ ...msg, serial });
    const reply = new Promise<Message>((resolve, reject) => {
      this.pending.set(serial, { resolve, reject });
    });
    try {
      this.transport.stream.write(marshallMessage(message)[0]);
    } catch (e) {
      this.pending.delete(serial);
      return Promise.reject(new RespawnError("BAD_RESPONSE", `cannot encode ${msg.member}: ${String(e)}`));
    }
    const what = `${msg.member ?? "call"}`;
    return this.race(reply, options.timeoutMs, what, options.signal).finally(() => this.pending.delete(serial));
  }

  /** Listens to every signal the bus routes to us (after AddMatch). */
  onSignal(listener: (m: Message) => void): () => void {
    this.signalListeners.add(listener);
    return () => this.signalListeners.delete(listener);
  }

  isAlive(): boolean {
    return this.dead === null;
  }

  close(): void {
    this.fail(new RespawnError("UNREACHABLE", "the D-Bus connection was closed", { hostId: this.hostId }));
    this.transport.dispose();
  }

  private fail(error: RespawnError): RespawnError {
    if (this.dead) return this.dead;
    this.dead = error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    this.signalListeners.clear();
    return error;
  }

  private receive(raw: Record<string, unknown>): void {
    const msg = new Message(messageToJsFmt(raw) as MessageLike);
    if (msg.type === MessageType.METHOD_RETURN || msg.type === MessageType.ERROR) {
      const p = this.pending.get(Number(msg.replySerial));
      if (!p) return;
      if (msg.type === MessageType.METHOD_RETURN) p.resolve(msg);
      else p.reject(dbusFault(this.hostId, msg.errorName, String(msg.body[0] ?? "")));
    } else if (msg.type === MessageType.SIGNAL) {
      for (const l of this.signalListeners) l(msg);
    }
  }

  /** dbus-next's parser throws from a stream listener on a malformed frame; contain it. */
  private guard(stream: Duplex): Pick<Duplex, "on" | "read"> {
    const onError = (e: unknown) => {
      this.fail(new RespawnError("BAD_RESPONSE", `malformed D-Bus message: ${String(e)}`, { hostId: this.hostId }));
      this.transport.dispose();
    };
    const wrapped = {
      on: (event: string, fn: (...args: unknown[]) => void) => {
        stream.on(event, (...args: unknown[]) => {
          try {
            fn(...args);
          } catch (e) {
            onError(e);
          }
        });
        return wrapped;
      },
      read: (size?: number) => stream.read(size),
    };
    return wrapped as unknown as Pick<Duplex, "on" | "read">;
  }

  private race<T>(work: Promise<T>, timeoutMs: number, what: string, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new RespawnError("TIMEOUT", `${what} got no answer within ${timeoutMs} ms`, { hostId: this.hostId })),
        timeoutMs,
      );
      const forget = signal ? onAbort(signal, () => reject(abortError(this.hostId))) : () => undefined;
      const settle = () => {
        clearTimeout(timer);
        forget();
      };
      work.then(
        (v) => (settle(), resolve(v)),
        (e: unknown) => (settle(), reject(e)),
      );
    });
  }
}

function abortError(hostId: string): RespawnError {
  return new RespawnError("TIMEOUT", "the call was aborted before the host answered", { hostId });
}

/** Maps a D-Bus error reply to our error codes (NoSuchUnit → NOT_FOUND, AccessDenied → AUTH). */
export function dbusFault(hostId: string, name: string, text: string): RespawnError {
  const detail = name;
  if (/NoSuchUnit|LoadFailed|UnknownObject/.test(name)) return new RespawnError("NOT_FOUND", text || "no such unit", { hostId, detail });
  if (/AccessDenied|InteractiveAuthorizationRequired|AuthFailed/.test(name)) {
    return new RespawnError("AUTH", text || "access denied", { hostId, detail });
  }
  if (/ServiceUnknown|NameHasNoOwner|Disconnected|NoReply/.test(name)) {
    return new RespawnError("UNREACHABLE", text || "systemd does not answer on this bus", { hostId, detail });
  }
  return new RespawnError("FAULT", text || name, { hostId, detail });
}
