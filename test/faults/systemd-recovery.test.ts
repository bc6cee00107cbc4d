import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppInstance } from "@/test/harness/app";
import { startSshd, type SshdInstance } from "@/test/harness/sshd";
import { installTestUnits, mainPid, systemctl, USER_BUS_ADDRESS, type TestUnits } from "@/test/harness/systemd";
import { endpointOf, readFleet, waitFor } from "./helpers";

describe("systemd hosts come back by themselves and replay nothing (built app, real user manager and sshd)", () => {
  let units: TestUnits;
  let sshd: SshdInstance;
  let app: AppInstance;

  beforeAll(async () => {
    units = await installTestUnits(["healthy"]);
    sshd = await startSshd();
    const only = [`${units.prefix}*`];
    app = await startApp({
      hosts: [
        { id: "local", systemd: { bus: "user", busAddress: USER_BUS_ADDRESS, units: only } },
        {
          id: "remote",
          systemd: {
            bus: "ssh",
            busAddress: USER_BUS_ADDRESS,
            units: only,
            ssh: { host: "127.0.0.1", port: sshd.port, user: sshd.user, keyFile: sshd.keyFile, knownHostsFile: sshd.knownHostsFile },
          },
        },
      ],
    });
  });
  afterAll(async () => {
    await app?.stop();
    await sshd?.stop();
    await units?.teardown();
  });

  /** The healthy unit as the dashboard shows it on `hostId`. */
  async function shown(hostId: string) {
    return (await readFleet(app)).processes.find((p) => p.hostId === hostId && p.name === units.names.healthy);
  }

  /** Waits until the endpoint answered again after `since` (a fresh read of the state). */
  async function freshAfter(hostId: string, since: number): Promise<void> {
    await waitFor(`${hostId} read again`, async () => {
      const e = await endpointOf(app, hostId);
      return e.status === "up" && (e.lastOkAt ?? 0) > since;
    }, 60_000);
  }

  it("after an action, daemon-reexec and a cut ssh bridge: both hosts reconnect, re-read the state, and the action is not run again", async () => {
    await waitFor("the unit shown running on both hosts", async () => (await shown("local"))?.state === "running" && (await shown("remote"))?.state === "running");
    const target = await shown("local");
    const res = await fetch(`${app.url}/api/processes/${encodeURIComponent(target?.id ?? "")}/actions`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(await app.headersFor("operator")) },
      body: JSON.stringify({ action: "restart" }),
    });
    expect(res.status).toBe(200);
    const pidAfterAction = await mainPid(units.names.healthy);
    expect(pidAfterAction).toBeGreaterThan(0);
    await waitFor("the new pid shown", async () => (await shown("local"))?.pid === pidAfterAction);

    const reexecAt = Date.now();
    await systemctl("daemon-reexec");
    await sshd.dropSessions();
    await freshAfter("local", reexecAt);
    await freshAfter("remote", reexecAt);
    // A few more reads on both: any replayed restart would have changed the main pid by now.
    await freshAfter("local", Date.now());
    await freshAfter("remote", Date.now());
    expect(await mainPid(units.names.healthy)).toBe(pidAfterAction);
    expect(await shown("local")).toMatchObject({ state: "running", pid: pidAfterAction, stale: false });
    expect(await shown("remote")).toMatchObject({ state: "running", pid: pidAfterAction, stale: false });
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
  });
});
