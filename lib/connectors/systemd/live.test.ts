import { Message, MessageType } from "dbus-next";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConnectorEvent, ProcessInfo } from "@/lib/connectors/types";
import { COALESCE_MS, createLiveUnits } from "./live";
import { createUnitFilter } from "./unit-filter";
import { unitObjectPath } from "./unit-path";

const signal = (member: string, path: string, signature: string, body: unknown[]) =>
  new Message({ type: MessageType.SIGNAL, path, interface: "org.example.Test", member, signature, body });
const changed = (name: string) =>
  signal("PropertiesChanged", unitObjectPath(name), "sa{sv}as", ["org.freedesktop.systemd1.Unit", {}, []]);
const manager = "/org/freedesktop/systemd1";

function setup() {
  const events: ConnectorEvent[] = [];
  const presence: Array<[boolean, boolean]> = [];
  let state = "running";
  const reads: string[] = [];
  const live = createLiveUnits({
    filter: createUnitFilter(["app-*"], []),
    emit: (e) => events.push(e),
    onManagerPresence: (p, r) => presence.push([p, r]),
    readUnit: async (name) => {
      reads.push(name);
      return { name, state } as ProcessInfo;
    },
    isLoaded: async () => true,
  });
  return { live, events, presence, reads, setState: (s: string) => (state = s) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("live units", () => {
  it("coalesces a burst of signals for one unit into one read and one event", async () => {
    const t = setup();
    for (let i = 0; i < 5; i++) t.live.handleSignal(changed("app-web.service"));
    await vi.advanceTimersByTimeAsync(COALESCE_MS + 1);
    expect(t.reads).toEqual(["app-web.service"]);
    expect(t.events).toEqual([{ type: "process", process: { name: "app-web.service", state: "running" } }]);
  });

  it("sends nothing when the state read back did not change, and ignores units outside the filter", async () => {
    const t = setup();
    t.live.handleSignal(changed("app-web.service"));
    await vi.advanceTimersByTimeAsync(COALESCE_MS + 1);
    t.live.handleSignal(changed("app-web.service"));
    t.live.handleSignal(changed("other.service"));
    await vi.advanceTimersByTimeAsync(COALESCE_MS + 1);
    expect(t.events).toHaveLength(1);
    t.setState("crashed");
    t.live.handleSignal(signal("JobRemoved", manager, "uoss", [1, "/j/1", "app-web.service", "done"]));
    await vi.advanceTimersByTimeAsync(COALESCE_MS + 1);
    expect(t.events.at(-1)).toMatchObject({ type: "process", process: { state: "crashed" } });
  });

  it("reports UnitRemoved, but not the removals systemd announces while it reloads; resync at the end", async () => {
    const t = setup();
    t.live.handleSignal(signal("UnitRemoved", manager, "so", ["app-a.service", unitObjectPath("app-a.service")]));
    expect(t.events).toEqual([{ type: "removed", name: "app-a.service" }]);
    t.live.handleSignal(signal("Reloading", manager, "b", [true]));
    t.live.handleSignal(signal("UnitRemoved", manager, "so", ["app-b.service", unitObjectPath("app-b.service")]));
    t.live.handleSignal(changed("app-b.service"));
    await vi.advanceTimersByTimeAsync(COALESCE_MS + 1);
    t.live.handleSignal(signal("Reloading", manager, "b", [false]));
    expect(t.events.slice(1)).toEqual([{ type: "resync" }]);
    expect(t.reads).toEqual([]);
  });

  it("tells a new owner of systemd's name during a reload apart from one outside it", () => {
    const t = setup();
    const owner = (o: string, n: string) => signal("NameOwnerChanged", "/org/freedesktop/DBus", "sss", ["org.freedesktop.systemd1", o, n]);
    t.live.handleSignal(signal("Reloading", manager, "b", [true]));
    t.live.handleSignal(owner(":1.2", ":1.5"));
    t.live.handleSignal(owner(":1.5", ""));
    t.live.handleSignal(owner("", ":1.9"));
    expect(t.presence).toEqual([
      [true, true],
      [false, false],
      [true, true],
    ]);
  });
});
