import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SystemdEndpoint } from "@/lib/config/schema";
import { createSystemdConnector } from "@/lib/connectors/systemd/connector";
import type { Connector, ConnectorEvent } from "@/lib/connectors/types";
import { waitFor } from "@/test/contract/connector-contract";
import {
  installTestUnits,
  mainPid,
  recordEvents,
  systemctl,
  USER_BUS_ADDRESS,
  userBusAnswers,
  waitUntil,
  type TestUnits,
} from "@/test/harness/systemd";

const live = () => new AbortController().signal;

let units: TestUnits;
let connector: Connector;
let rec: ReturnType<typeof recordEvents<ConnectorEvent>>;

beforeAll(async () => {
  units = await installTestUnits(["healthy"]);
  connector = createSystemdConnector(
    "local",
    SystemdEndpoint.parse({ bus: "user", busAddress: USER_BUS_ADDRESS, units: [`${units.prefix}*`] }),
  );
  rec = recordEvents(connector);
  await connector.listProcesses(live());
});

afterAll(async () => {
  rec?.stop();
  await connector?.close();
  await units?.teardown();
  await waitUntil("the user bus after the reconnect tests", userBusAnswers, 150);
});

/** Kills the healthy unit's main process and waits for the event that says so. */
async function expectLiveKillEvent(): Promise<void> {
  const pid = await waitFor(() => mainPid(units.names.healthy), (p) => p > 0);
  const changed = rec.next(
    (e) => e.type === "process" && e.process.name === units.names.healthy && e.process.pid !== pid,
    "a live event after the kill",
  );
  process.kill(pid, "SIGKILL");
  await changed;
}

describe("systemd connector when the bus goes away", () => {
  it("a killed bus daemon: disconnected, then resync, and signals flow again", async () => {
    const busPid = Number((await systemctl("show", "-p", "MainPID", "--value", "dbus.service")).trim());
    expect(busPid).toBeGreaterThan(0);
    const mark = rec.mark();
    process.kill(busPid, "SIGKILL");
    await rec.nextSince(mark, (e) => e.type === "disconnected", "disconnected", 60_000);
    await rec.nextSince(mark, (e) => e.type === "resync", "resync", 60_000);
    const list = await connector.listProcesses(live());
    expect(list.map((p) => p.name)).toContain(units.names.healthy);
    await expectLiveKillEvent();
  });

  // daemon-reexec and daemon-reload do not drop the bus connection (dbus-daemon stays); systemd
  // tears every unit down and rebuilds it, and its bus name may change owner.
  for (const verb of ["daemon-reexec", "daemon-reload"]) {
    it(`systemctl --user ${verb}: resync, no unit reported removed, and signals flow again`, async () => {
      const mark = rec.mark();
      await systemctl(verb);
      await rec.nextSince(mark, (e) => e.type === "resync", "resync", 60_000);
      const after = rec.events.slice(mark).map((x) => x.event);
      expect(after.filter((e) => e.type === "removed")).toEqual([]);
      expect((await connector.getProcess(units.names.healthy, live())).state).not.toBe("unknown");
      await expectLiveKillEvent();
    });
  }
});
