import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SystemdEndpoint } from "@/lib/config/schema";
import { createSystemdConnector } from "@/lib/connectors/systemd/connector";
import type { Connector, ConnectorEvent } from "@/lib/connectors/types";
import { isRespawnError } from "@/lib/util/errors";
import { waitFor } from "@/test/contract/connector-contract";
import { startSshd, type SshdInstance } from "@/test/harness/sshd";
import { installTestUnits, mainPid, recordEvents, USER_BUS_ADDRESS, type TestUnits } from "@/test/harness/systemd";

const live = () => new AbortController().signal;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

let units: TestUnits;
let sshd: SshdInstance;

function sshConnector(over: { keyFile?: string; knownHostsFile?: string } = {}): Connector {
  return createSystemdConnector(
    "remote-1",
    SystemdEndpoint.parse({
      bus: "ssh",
      busAddress: USER_BUS_ADDRESS,
      units: [`${units.prefix}*`],
      ssh: {
        host: "127.0.0.1",
        port: sshd.port,
        user: sshd.user,
        keyFile: over.keyFile ?? sshd.keyFile,
        knownHostsFile: over.knownHostsFile ?? sshd.knownHostsFile,
      },
    }),
  );
}

/** The error a call rejects with (fails the test when it resolves). */
async function errorOf(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  if (!isRespawnError(e)) throw new Error(`expected a RespawnError, got ${String(e)}`);
  return e;
}

beforeAll(async () => {
  units = await installTestUnits(["healthy", "noisy"]);
  sshd = await startSshd();
});

afterAll(async () => {
  await sshd?.stop();
  await units?.teardown();
});

describe("systemd over ssh to a real sshd", () => {
  it("lists, follows changes by signal and reads the journal on the remote side", async () => {
    const c = sshConnector();
    const rec = recordEvents<ConnectorEvent>(c);
    try {
      const names = (await c.listProcesses(live())).map((p) => p.name).sort();
      // The two started units, and the two that are only installed (listed from their unit files).
      expect(names).toEqual(Object.values(units.names).sort());
      const delays: number[] = [];
      for (let i = 0; i < 3; i++) {
        const pid = await waitFor(() => mainPid(units.names.healthy), (p) => p > 0);
        const t0 = performance.now();
        process.kill(pid, "SIGKILL");
        const ev = await rec.next((e) => e.type === "process" && e.process.pid !== pid, "a change after the kill");
        delays.push(ev.at - t0);
        await waitFor(() => c.getProcess(units.names.healthy, live()), (p) => p.state === "running");
      }
      console.log(`signal-to-event delay over ssh, median of ${delays.length}: ${median(delays).toFixed(1)} ms`);
      const tail = await c.readLog(units.names.noisy, "journal", { maxLines: 5 }, live());
      expect(tail.lines.some((l) => l.text.startsWith("noisy line"))).toBe(true);
      const restarted = await c.control(units.names.healthy, "restart", live());
      expect(restarted.ok).toBe(true);
    } finally {
      rec.stop();
      await c.close();
    }
  });

  it("a cut ssh connection: disconnected, then resync over a new connection", async () => {
    const c = sshConnector();
    const rec = recordEvents<ConnectorEvent>(c);
    try {
      await c.listProcesses(live());
      const mark = rec.mark();
      await sshd.dropSessions();
      await rec.nextSince(mark, (e) => e.type === "disconnected", "disconnected");
      await rec.nextSince(mark, (e) => e.type === "resync", "resync");
      expect((await c.getProcess(units.names.healthy, live())).state).toBe("running");
    } finally {
      rec.stop();
      await c.close();
    }
  });

  it("a key sshd does not accept is an AUTH error naming the host and the reason", async () => {
    const c = sshConnector({ keyFile: sshd.wrongKeyFile });
    const e = await errorOf(c.listProcesses(live()));
    expect(e.code).toBe("AUTH");
    expect(e.message).toBe("ssh to 127.0.0.1: the SSH key was refused (Permission denied)");
    expect(e.hostId).toBe("remote-1");
    const log = await errorOf(c.readLog(units.names.noisy, "journal", {}, live()));
    expect(log.code).toBe("AUTH");
    await c.close();
  });

  it("a host key that does not match known_hosts is an AUTH error, not a silent accept", async () => {
    const c = sshConnector({ knownHostsFile: sshd.wrongKnownHostsFile });
    const e = await errorOf(c.health(live()));
    expect(e.code).toBe("AUTH");
    expect(e.message).toMatch(/^ssh to 127\.0\.0\.1: its SSH host key is not the one in the known-hosts file/);
    await c.close();
  });
});
