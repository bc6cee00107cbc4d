import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConnectorEvent } from "@/lib/connectors/types";
import { createEventHub } from "./reconnect";
import { backoffDelay } from "./session";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("reconnect", () => {
  it("backs off exponentially with jitter, capped at 30 s", () => {
    expect(backoffDelay(0, () => 0)).toBe(125);
    expect(backoffDelay(0, () => 1)).toBe(250);
    expect(backoffDelay(3, () => 0.5)).toBe(1500);
    expect(backoffDelay(50, () => 1)).toBe(30_000);
  });

  it("announces a drop once, retries while listened to, and resyncs once back", async () => {
    let up = true;
    const connect = vi.fn(async () => {
      if (!up) throw new Error("connect ECONNREFUSED");
    });
    const resyncs = vi.fn();
    const hub = createEventHub({ connect, resubscribe: async () => undefined, onResync: resyncs });
    const events: ConnectorEvent[] = [];
    hub.subscribe((e) => events.push(e));
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual([]);
    up = false;
    hub.onDrop("the bus closed the connection");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(connect.mock.calls.length).toBeGreaterThan(2);
    expect(events).toEqual([{ type: "disconnected", reason: "the bus closed the connection" }]);
    up = true;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(events.at(-1)).toEqual({ type: "resync" });
    expect(events.filter((e) => e.type === "resync")).toHaveLength(1);
    expect(resyncs).toHaveBeenCalledTimes(1);
  });

  it("stops retrying when nobody listens any more", async () => {
    const connect = vi.fn(async () => {
      throw new Error("down");
    });
    const hub = createEventHub({ connect, resubscribe: async () => undefined, onResync: () => undefined });
    const off = hub.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(1_000);
    off();
    const calls = connect.mock.calls.length;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(connect.mock.calls.length).toBe(calls);
  });

  it("systemd coming back on the same bus re-subscribes and resyncs, unless a reload end will", async () => {
    const resubscribe = vi.fn(async () => undefined);
    const hub = createEventHub({ connect: async () => undefined, resubscribe, onResync: () => undefined });
    const events: ConnectorEvent[] = [];
    hub.subscribe((e) => events.push(e));
    await vi.advanceTimersByTimeAsync(0);
    hub.onManagerPresence(false, false);
    hub.onManagerPresence(true, false);
    await vi.advanceTimersByTimeAsync(0);
    hub.onManagerPresence(true, true);
    await vi.advanceTimersByTimeAsync(0);
    expect(events.map((e) => e.type)).toEqual(["disconnected", "resync"]);
    expect(resubscribe).toHaveBeenCalledTimes(2);
  });
});
