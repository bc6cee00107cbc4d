import { describe, expect, it } from "vitest";
import type { EndpointView, FleetSnapshot, ProcessView } from "@/lib/fleet/types";
import type { User } from "@/lib/store/users";
import { encodeProcessId } from "@/lib/util/ids";
import { assertProcessVisible, filterEvent, filterSnapshot } from "./host-scope";

const user = (hosts: string[] | null): User => ({ id: 1, name: "u", role: "operator", hosts, disabled: false, createdAt: 0, updatedAt: 0 });
const proc = (hostId: string, name: string) => ({ id: encodeProcessId({ hostId, manager: "supervisord", name }), hostId, name }) as ProcessView;
const ep = (hostId: string) => ({ key: `${hostId}/supervisord`, hostId }) as EndpointView;
const snap: FleetSnapshot = { seq: 7, endpoints: [ep("a"), ep("b")], processes: [proc("a", "x"), proc("b", "y")] };

describe("host limits", () => {
  it("leave an unlimited user everything, and a limited one only their hosts", () => {
    expect(filterSnapshot(user(null), snap)).toBe(snap);
    const only = filterSnapshot(user(["b"]), snap);
    expect(only.seq).toBe(7);
    expect(only.endpoints.map((e) => e.hostId)).toEqual(["b"]);
    expect(only.processes.map((p) => p.name)).toEqual(["y"]);
  });

  it("filter live deltas, keeping their seq, and drop endpoint events of other hosts", () => {
    const u = user(["b"]);
    const delta = filterEvent(u, { type: "processes", seq: 8, upsert: snap.processes, remove: [proc("a", "z").id, proc("b", "w").id] });
    expect(delta).toEqual({ type: "processes", seq: 8, upsert: [snap.processes[1]], remove: [proc("b", "w").id] });
    expect(filterEvent(u, { type: "endpoint", seq: 9, endpoint: ep("a") })).toBeNull();
    expect(filterEvent(u, { type: "endpoint", seq: 9, endpoint: ep("b") })).not.toBeNull();
  });

  it("answer NOT_FOUND for a process of another host or a malformed id", () => {
    expect(() => assertProcessVisible(user(["b"]), proc("a", "x").id)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => assertProcessVisible(user(null), "%%%")).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => assertProcessVisible(user(["b"]), proc("b", "y").id)).not.toThrow();
  });
});
