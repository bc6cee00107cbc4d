import { describe, expect, it } from "vitest";
import type { ProcessChange } from "@/lib/fleet/monitor";
import type { EndpointView, FleetEvent } from "@/lib/fleet/types";
import type { ProcessInfo } from "@/lib/connectors/types";
import type { NotificationEvent } from "./types";
import { watchFleet } from "./watch";

function harness(flapping = new Map<string, number>()) {
  let onChange: (c: ProcessChange) => void = () => undefined;
  let onEvent: (e: FleetEvent) => void = () => undefined;
  const told: NotificationEvent[] = [];
  watchFleet(
    { onProcessChange: (l) => ((onChange = l), () => undefined), subscribe: (l) => ((onEvent = l), () => undefined) },
    (e) => told.push(e),
    { flapping: (ids) => new Map(ids.flatMap((id) => (flapping.has(id) ? [[id, flapping.get(id)!] as const] : []))), publicUrl: "https://ops.example/respawn/", now: () => 1 },
  );
  const proc = (state: ProcessInfo["state"]) => ({ id: "web-1/supervisord/worker", hostId: "web-1", manager: "supervisord", name: "worker", state, spawnError: state === "gave-up" ? "Exited too quickly" : null }) as ProcessInfo;
  const change = (from: ProcessInfo["state"] | null, to: ProcessInfo["state"]) => onChange({ prev: from ? proc(from) : undefined, next: proc(to), source: "poll", actor: null });
  const endpoint = (status: EndpointView["status"]) =>
    onEvent({ type: "endpoint", seq: 1, endpoint: { key: "db-1/systemd", hostId: "db-1", hostName: "db one", manager: "systemd", status, error: status === "up" ? null : { code: "TIMEOUT", message: "no answer in 5 s" } } as EndpointView });
  return { told, change, endpoint, flapping };
}

describe("watching the fleet for notifications", () => {
  it("tells a give-up once, with the manager's reason and a link, then its recovery", () => {
    const h = harness();
    h.change(null, "gave-up");
    h.change("starting", "gave-up");
    h.change("gave-up", "gave-up");
    h.change("gave-up", "starting");
    h.change("starting", "running");
    h.change("running", "stopped");
    h.change("stopped", "running");
    expect(h.told.map((e) => e.kind)).toEqual(["gave-up", "recovered"]);
    expect(h.told[0]).toMatchObject({ title: "worker on web-1 gave up", detail: "Exited too quickly", link: "https://ops.example/respawn/p/web-1%2Fsupervisord%2Fworker" });
  });

  it("tells flapping once per episode", () => {
    const h = harness();
    h.flapping.set("web-1/supervisord/worker", 6);
    h.change("running", "crashed");
    h.change("crashed", "running");
    h.flapping.clear();
    h.change("running", "crashed");
    h.flapping.set("web-1/supervisord/worker", 7);
    h.change("crashed", "running");
    expect(h.told.map((e) => `${e.kind} ${e.detail}`)).toEqual(["flapping 6 restarts in the flapping window", "flapping 7 restarts in the flapping window"]);
  });

  it("tells a host down once while it stays down, and when it answers again", () => {
    const h = harness();
    h.endpoint("connecting");
    h.endpoint("up");
    h.endpoint("timeout");
    h.endpoint("circuit-open");
    h.endpoint("up");
    h.endpoint("up");
    expect(h.told.map((e) => `${e.kind}: ${e.title}`)).toEqual(["host-down: systemd on db one does not answer (timeout)", "recovered: systemd on db one answers again"]);
    expect(h.told[0]).toMatchObject({ hostId: "db-1", manager: "systemd", detail: "no answer in 5 s" });
  });
});
