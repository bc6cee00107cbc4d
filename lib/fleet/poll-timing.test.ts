import { afterEach, describe, expect, it } from "vitest";
import { createFakeConnector } from "@/lib/connectors/fake/fake-connector";
import type { Connector } from "@/lib/connectors/types";
import { EndpointRunner } from "./endpoint-runner";
import { hostTimer } from "./poll-timing";
import { FleetState } from "./state";

/** Our own work: the event loop is busy for `ms` (other clients' streams, decoding) and waits on nothing. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

const runners: EndpointRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});

/** A runner over a host that answers at once, while `during` keeps our own loop busy or idle. */
function runner(during: () => Promise<void>): EndpointRunner {
  const fake = createFakeConnector({ hostId: "h", processes: [{ name: "web", state: "running", pid: 10 }] });
  const connector: Connector = { ...fake, listProcesses: async (signal) => (await during(), fake.listProcesses(signal)) };
  const r = new EndpointRunner({ key: "h/supervisord", hostId: "h", hostName: "h", target: "fake", connector, state: new FleetState(), timeoutMs: 5_000, baseIntervalMs: 1_000 });
  runners.push(r);
  r.start();
  return r;
}

async function firstInterval(r: EndpointRunner): Promise<number> {
  for (let i = 0; i < 500; i++) {
    if (r.endpoint.pollIntervalMs !== null) return r.endpoint.pollIntervalMs;
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error("no poll finished");
}

describe("the adaptive poll interval", () => {
  it("never counts our own busy event loop as the host's time", () => {
    const stop = hostTimer();
    busy(120);
    const t = stop();
    expect(t.wallMs).toBeGreaterThanOrEqual(120);
    // 120 ms of our own work cannot have been time spent waiting on the host.
    expect(t.hostMs).toBeLessThanOrEqual(t.wallMs - 119);
  });

  it("counts time spent waiting on the host", async () => {
    const stop = hostTimer();
    await new Promise((r) => setTimeout(r, 120));
    const t = stop();
    expect(t.hostMs).toBeGreaterThanOrEqual(100);
  });

  it("stays at the base interval when a poll is slow only because the dashboard itself is busy (many clients)", async () => {
    const r = runner(async () => busy(300));
    expect(await firstInterval(r)).toBe(1_000);
    expect(r.endpoint.lastPollMs).toBeGreaterThanOrEqual(300);
  });

  it("stretches to 20× the host's time when the host itself is slow", async () => {
    const r = runner(() => new Promise((res) => setTimeout(res, 150)));
    expect(await firstInterval(r)).toBeGreaterThanOrEqual(2_000);
  });
});
