import http from "node:http";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { ListenerBatch } from "@/lib/history/listener-events";
import { createForwarder } from "./eventlistener-forwarder.mjs";
import { createProtocolParser, readConfig, toRespawnEvent, type ForwardedEvent } from "./eventlistener-protocol.mjs";

// Messages exactly as supervisord 4.2.5 writes them to an event listener's stdin.
const exitedPayload = "processname:web groupname:web from_state:RUNNING expected:0 pid:4242";
const exitedHeader = `ver:3.0 server:supervisor serial:21 pool:respawn poolserial:10 eventname:PROCESS_STATE_EXITED len:${exitedPayload.length}\n`;
const tickPayload = "when:1700000000";
const tickHeader = `ver:3.0 server:supervisor serial:22 pool:respawn poolserial:11 eventname:TICK_60 len:${tickPayload.length}\n`;

function parseAll(chunks: string[]) {
  const seen: Array<[Record<string, string>, string]> = [];
  const parser = createProtocolParser((h, p) => seen.push([h, p]));
  for (const c of chunks) parser.push(Buffer.from(c));
  return seen;
}

describe("the eventlistener protocol", () => {
  it("reads header and payload however stdin splits them", () => {
    const whole = exitedHeader + exitedPayload + tickHeader + tickPayload;
    const oneByOne = parseAll(whole.split(""));
    expect(oneByOne).toHaveLength(2);
    expect(oneByOne).toEqual(parseAll([whole]));
    expect(oneByOne[0]?.[0]).toMatchObject({ eventname: "PROCESS_STATE_EXITED", serial: "21" });
    expect(oneByOne[0]?.[1]).toBe(exitedPayload);
  });

  it("refuses a header without a length", () => {
    expect(() => parseAll(["ver:3.0 eventname:PROCESS_STATE_EXITED\n"])).toThrow(/bad event header/);
  });

  it("turns PROCESS_STATE events into what the dashboard accepts", () => {
    const [[header, payload]] = parseAll([exitedHeader + exitedPayload]) as [[Record<string, string>, string]];
    const event = toRespawnEvent(header, payload, 5) as ForwardedEvent;
    expect(event).toEqual({
      serial: 21,
      state: "EXITED",
      processName: "web",
      groupName: "web",
      fromState: "RUNNING",
      pid: 4242,
      expected: false,
      tries: null,
      receivedAt: 5,
    });
    const { receivedAt: _, ...wire } = event;
    const batch = { listener: { instance: "abcdefgh", dropped: 0 }, events: [{ ...wire, ageMs: 0 }] };
    expect(ListenerBatch.safeParse(batch).success).toBe(true);
  });

  it("tells ticks and other events apart", () => {
    expect(toRespawnEvent({ eventname: "TICK_60" }, tickPayload, 0)).toBe("tick");
    expect(toRespawnEvent({ eventname: "PROCESS_LOG_STDOUT" }, "x", 0)).toBeNull();
    expect(toRespawnEvent({ eventname: "PROCESS_STATE_RUNNING" }, "garbage", 0)).toBeNull();
  });

  it("reads the token from a file when the variable is not set, and needs url and host", () => {
    expect(() => readConfig({})).toThrow(/RESPAWN_URL, RESPAWN_HOST_ID, RESPAWN_LISTENER_TOKEN/);
    const c = readConfig({ RESPAWN_URL: "http://127.0.0.1:3000/", RESPAWN_HOST_ID: "web-1", RESPAWN_LISTENER_TOKEN: "t" });
    expect(c.endpoint).toBe("http://127.0.0.1:3000/api/hosts/web-1/events");
  });

  it("posts under the sub-path of a dashboard served behind a reverse proxy", () => {
    const c = readConfig({ RESPAWN_URL: "https://ops.example/respawn/", RESPAWN_HOST_ID: "web-1", RESPAWN_LISTENER_TOKEN: "t" });
    expect(c.endpoint).toBe("https://ops.example/respawn/api/hosts/web-1/events");
  });
});

describe("the forwarder", () => {
  const ev = (serial: number): ForwardedEvent => ({
    serial,
    state: "RUNNING",
    processName: "web",
    groupName: "web",
    fromState: "STARTING",
    pid: 1,
    expected: null,
    tries: null,
    receivedAt: 0,
  });

  it("keeps the newest events while the dashboard is down, and reports how many it dropped", async () => {
    const port = await freePort();
    const bodies: Array<{ listener: { dropped: number; upMs: number }; events: Array<{ serial: number }> }> = [];
    const auth: string[] = [];
    const f = createForwarder({
      endpoint: `http://127.0.0.1:${port}/api/hosts/h/events`,
      token: "tok",
      timeoutMs: 1_000,
      maxQueue: 3,
      instance: "abcdefgh",
      log: () => undefined,
    });
    for (let i = 1; i <= 5; i++) f.enqueue(ev(i));
    expect([f.pending, f.droppedTotal]).toEqual([3, 2]);
    const server = http.createServer((req, res) => {
      let data = "";
      req.on("data", (d: Buffer) => (data += d.toString()));
      req.on("end", () => {
        auth.push(req.headers.authorization ?? "");
        bodies.push(JSON.parse(data));
        res.end("{}");
      });
    });
    await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
    try {
      expect(await f.drain(20_000)).toBe(0);
    } finally {
      server.close();
    }
    // The first POST may have left before the server was up (then it carried event 1 and failed).
    const delivered = bodies.flatMap((b) => b.events.map((e) => e.serial));
    expect(delivered.slice(-3)).toEqual([3, 4, 5]);
    expect(delivered).not.toContain(2);
    expect(bodies.reduce((n, b) => n + b.listener.dropped, 0)).toBe(2);
    expect(new Set(auth)).toEqual(new Set(["Bearer tok"]));
    // Each batch says how long this run has listened, never less than the batch before it.
    const ups = bodies.map((b) => b.listener.upMs);
    expect(ups.every((u, i) => u >= 0 && (i === 0 || u >= ups[i - 1]!))).toBe(true);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
