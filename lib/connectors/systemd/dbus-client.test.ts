import { Message, MessageType } from "dbus-next";
import { marshallMessage, messageToJsFmt } from "dbus-next/lib/marshall-compat";
import { unmarshalMessages } from "dbus-next/lib/message";
import { getEventListeners } from "node:events";
import { Duplex, PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { RespawnError } from "@/lib/util/errors";
import { DbusClient } from "./dbus-client";
import type { Transport } from "./transport";

/**
 * A scripted D-Bus peer on an in-memory stream: the faults here (a stream dying mid-call, a
 * malformed frame, a refused Hello) cannot be produced on demand by a real bus.
 */
function fakePeer(onCall: (m: Message, peer: ReturnType<typeof fakePeer>) => void) {
  const toClient = new PassThrough();
  const fromClient = new PassThrough();
  const messages = new PassThrough();
  let die: (e: RespawnError) => void = () => undefined;
  const closed = new Promise<RespawnError>((r) => (die = r));
  const transport: Transport = {
    stream: Duplex.from({ readable: toClient, writable: fromClient }),
    closed,
    dispose: () => die(new RespawnError("UNREACHABLE", "disposed")),
  };
  const seen: Message[] = [];
  let text = "";
  let serial = 100;
  const onAuth = (d: Buffer) => {
    text += d.toString("latin1");
    if (text.includes("AUTH ") && !text.includes("<ok>")) {
      text += "<ok>";
      toClient.write("OK 0123456789abcdef0123456789abcdef\r\n");
    }
    const at = text.indexOf("BEGIN\r\n");
    if (at < 0) return;
    fromClient.off("data", onAuth);
    fromClient.pipe(messages);
    messages.write(Buffer.from(text.slice(at + 7), "latin1"));
  };
  fromClient.on("data", onAuth);
  const peer = {
    transport,
    seen,
    send(fields: ConstructorParameters<typeof Message>[0]) {
      toClient.write(marshallMessage(new Message({ serial: serial++, ...fields }))[0]);
    },
    reply(to: Message, signature = "", body: unknown[] = []) {
      peer.send({ type: MessageType.METHOD_RETURN, replySerial: replyTo(to), signature, body });
    },
    fail(to: Message, errorName: string, text: string) {
      peer.send({ type: MessageType.ERROR, replySerial: replyTo(to), errorName, signature: "s", body: [text] });
    },
    raw: (b: Buffer) => toClient.write(b),
    die: (e: RespawnError) => die(e),
  };
  unmarshalMessages(messages, (raw) => {
    const m = new Message(messageToJsFmt(raw));
    seen.push(m);
    if (m.member === "Hello") return peer.reply(m, "s", [":1.42"]);
    onCall(m, peer);
  }, {});
  return peer;
}

// dbus-next's types say string, but its marshaller wants the number it received.
const replyTo = (m: Message) => m.serial as unknown as string;

const call = (member: string) => ({ destination: "org.freedesktop.systemd1", path: "/org/freedesktop/systemd1", interface: "org.freedesktop.systemd1.Manager", member });

async function started(onCall: Parameters<typeof fakePeer>[0]) {
  const peer = fakePeer(onCall);
  const client = new DbusClient(peer.transport, "h1");
  await client.start(2000);
  return { peer, client };
}

describe("DbusClient", () => {
  it("authenticates, says Hello and returns replies", async () => {
    const { client } = await started((m, p) => p.reply(m, "s", ["pong"]));
    expect(client.name).toBe(":1.42");
    expect((await client.call(call("Ping"), { timeoutMs: 1000 })).body).toEqual(["pong"]);
  });

  it("fails a call in flight with the transport's reason when the stream dies, and never sends it again", async () => {
    const { peer, client } = await started((_m, p) => p.die(new RespawnError("UNREACHABLE", "ssh to web-1: connection cut")));
    await expect(client.call(call("StartUnit"), { timeoutMs: 5000 })).rejects.toMatchObject({
      code: "UNREACHABLE",
      message: "ssh to web-1: connection cut",
    });
    expect(peer.seen.filter((m) => m.member === "StartUnit")).toHaveLength(1);
    await expect(client.call(call("StartUnit"), { timeoutMs: 5000 })).rejects.toMatchObject({ code: "UNREACHABLE" });
    expect(client.isAlive()).toBe(false);
  });

  it("gives up on a silent peer at the deadline, and on abort", async () => {
    const { client } = await started(() => undefined);
    await expect(client.call(call("Slow"), { timeoutMs: 50 })).rejects.toMatchObject({ code: "TIMEOUT" });
    const ac = new AbortController();
    const p = client.call(call("Slow"), { timeoutMs: 5000, signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: "TIMEOUT" });
  });

  it("maps D-Bus error replies to error codes, keeping the error name as detail", async () => {
    const { client } = await started((m, p) =>
      m.member === "GetUnit"
        ? p.fail(m, "org.freedesktop.systemd1.NoSuchUnit", "Unit x.service not loaded.")
        : p.fail(m, "org.freedesktop.systemd1.UnitMasked", "Unit x.service is masked."),
    );
    await expect(client.call(call("GetUnit"), { timeoutMs: 1000 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(client.call(call("StartUnit"), { timeoutMs: 1000 })).rejects.toMatchObject({
      code: "FAULT",
      message: "Unit x.service is masked.",
      detail: "org.freedesktop.systemd1.UnitMasked",
    });
  });

  it("a refused Hello rejects start() instead of crashing the process", async () => {
    const peer = fakePeer(() => undefined);
    peer.seen.length = 0;
    const client = new DbusClient(peer.transport, "h1");
    const origReply = peer.reply;
    peer.reply = (m) => peer.fail(m, "org.freedesktop.DBus.Error.AccessDenied", "no Hello here");
    await expect(client.start(1000)).rejects.toMatchObject({ code: "AUTH" });
    peer.reply = origReply;
  });

  it("a malformed frame fails the connection with BAD_RESPONSE, without an uncaught exception", async () => {
    const { peer, client } = await started(() => undefined);
    const pending = client.call(call("Ping"), { timeoutMs: 5000 });
    const header = Buffer.from([0x6c, 2, 0, 1, 4, 0, 0, 0, 9, 0, 0, 0, 8, 0, 0, 0]);
    peer.raw(Buffer.concat([header, Buffer.alloc(8, 0xff), Buffer.from("abcd")]));
    await expect(pending).rejects.toMatchObject({ code: "BAD_RESPONSE" });
  });

  it("keeps one abort listener on a deadline signal shared by many calls (MaxListenersExceededWarning on every poll)", async () => {
    const held: Message[] = [];
    const { peer, client } = await started((m) => held.push(m));
    const ac = new AbortController();
    const calls = Array.from({ length: 40 }, () => client.call(call("GetAll"), { timeoutMs: 5000, signal: ac.signal }));
    await new Promise((r) => setTimeout(r, 20));
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(1);
    for (const m of held.splice(0, 20)) peer.reply(m, "s", ["ok"]);
    await Promise.all(calls.slice(0, 20));
    ac.abort();
    const rest = await Promise.allSettled(calls.slice(20));
    expect(rest.every((r) => r.status === "rejected" && (r.reason as RespawnError).code === "TIMEOUT")).toBe(true);
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(0);
  });
});
