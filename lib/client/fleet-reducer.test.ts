import { describe, expect, it } from "vitest";
import { EMPTY_FLEET, reduceFleet, type FleetState } from "@/lib/client/fleet-reducer";
import { makeEndpoint, makeProcess } from "@/lib/client/test-data";
import type { FleetSnapshot, ProcessView } from "@/lib/client/types";

const proc = makeProcess;
const endpoint = makeEndpoint;

const snap = (seq: number, processes: ProcessView[]): FleetSnapshot => ({
  seq,
  endpoints: [endpoint()],
  processes,
});
const stream = (state: FleetState, s: FleetSnapshot) =>
  reduceFleet(state, { type: "event", event: { type: "snapshot", ...s } });

describe("reduceFleet", () => {
  it("applies deltas newer than the state, in seq order", () => {
    let s = stream(EMPTY_FLEET, snap(5, [proc("a"), proc("b")]));
    s = reduceFleet(s, {
      type: "event",
      event: {
        type: "processes",
        seq: 6,
        upsert: [proc("a", { state: "crashed" })],
        remove: ["b"],
      },
    });
    s = reduceFleet(s, {
      type: "event",
      event: { type: "processes", seq: 7, upsert: [proc("c")], remove: [] },
    });
    expect(s.seq).toBe(7);
    expect([...s.processes.keys()].sort()).toEqual(["a", "c"]);
    expect(s.processes.get("a")?.state).toBe("crashed");
  });

  it("ignores a delta whose seq is not newer (late or repeated)", () => {
    let s = stream(EMPTY_FLEET, snap(5, [proc("a")]));
    s = reduceFleet(s, {
      type: "event",
      event: { type: "processes", seq: 6, upsert: [proc("a", { state: "stopped" })], remove: [] },
    });
    const before = s;
    s = reduceFleet(s, {
      type: "event",
      event: { type: "processes", seq: 6, upsert: [proc("a", { state: "running" })], remove: [] },
    });
    s = reduceFleet(s, {
      type: "event",
      event: { type: "processes", seq: 4, upsert: [], remove: ["a"] },
    });
    expect(s).toBe(before);
    expect(s.processes.get("a")?.state).toBe("stopped");
  });

  it("updates an endpoint by key", () => {
    let s = stream(EMPTY_FLEET, snap(1, []));
    s = reduceFleet(s, {
      type: "event",
      event: { type: "endpoint", seq: 2, endpoint: endpoint({ status: "auth" }) },
    });
    expect(s.endpoints.get("web-1/supervisord")?.status).toBe("auth");
    expect(s.seq).toBe(2);
  });

  it("lets a stream snapshot replace everything, even with a lower seq (server restarted)", () => {
    let s = stream(EMPTY_FLEET, snap(90, [proc("a")]));
    s = stream(s, snap(1, [proc("z")]));
    expect(s.seq).toBe(1);
    expect([...s.processes.keys()]).toEqual(["z"]);
  });

  it("uses a fetched snapshot for the first paint, but never over what the stream said", () => {
    let s = reduceFleet(EMPTY_FLEET, { type: "fetched", snapshot: snap(3, [proc("a")]) });
    expect(s.processes.has("a")).toBe(true);
    expect(s.streamed).toBe(false);
    s = stream(s, snap(4, [proc("b")]));
    s = reduceFleet(s, { type: "fetched", snapshot: snap(9, [proc("old")]) });
    expect([...s.processes.keys()]).toEqual(["b"]);
  });

  it("ignores deltas that arrive before the stream's snapshot", () => {
    let s = reduceFleet(EMPTY_FLEET, { type: "fetched", snapshot: snap(3, [proc("a")]) });
    s = reduceFleet(s, {
      type: "event",
      event: { type: "processes", seq: 4, upsert: [], remove: ["a"] },
    });
    expect(s.processes.has("a")).toBe(true);
  });
});
