/**
 * Restart policies on a remote host over a real sshd: the unit files are read and Respawn's
 * drop-in written over ssh, the manager reloaded over the same ssh bus bridge, and the new start
 * limit observed; injections and a symlinked drop-in are refused with nothing written.
 */
import { lstat, mkdir, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SystemdEndpoint } from "@/lib/config/schema";
import { createSystemdConnector } from "@/lib/connectors/systemd/connector";
import type { Connector, ConnectorEvent } from "@/lib/connectors/types";
import { startSshd, type SshdInstance } from "@/test/harness/sshd";
import { USER_BUS_ADDRESS, installTestUnits, recordEvents, waitUntil, type TestUnits } from "@/test/harness/systemd";

let units: TestUnits;
let sshd: SshdInstance;
let remote: Connector;
const unitDir = path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), ".config"), "systemd", "user");
const dropIn = (unit: string) => path.join(unitDir, `${unit}.d`, "50-respawn.conf");
const signal = () => AbortSignal.timeout(60_000);

async function waitGaveUp(name: string): Promise<number> {
  let restarts = -1;
  await waitUntil(`${name} to give up`, async () => {
    const p = await remote.getProcess(name, signal());
    restarts = p.restarts ?? -1;
    return p.state === "gave-up";
  }, 300);
  return restarts;
}

/** Counts restarts until systemd gives up; a cycle during which the manager was reloaded (its start-limit counter reset) is run again. */
async function restartsBeforeGivingUp(name: string): Promise<number> {
  const events = recordEvents<ConnectorEvent>(remote);
  try {
    for (let cycle = 0; cycle < 5; cycle++) {
      const mark = events.mark();
      await waitGaveUp(name);
      if (!events.events.slice(mark).some((e) => e.event.type === "resync")) return (await remote.getProcess(name, signal())).restarts ?? -1;
      await remote.control(name, "reset-and-start", signal());
    }
    throw new Error("the manager was reloaded during every cycle");
  } finally {
    events.stop();
  }
}

beforeAll(async () => {
  units = await installTestUnits(["crashloop"]);
  sshd = await startSshd();
  remote = createSystemdConnector(
    "remote-1",
    SystemdEndpoint.parse({
      bus: "ssh",
      busAddress: USER_BUS_ADDRESS,
      units: [`${units.prefix}*`],
      ssh: { host: "127.0.0.1", port: sshd.port, user: sshd.user, keyFile: sshd.keyFile, knownHostsFile: sshd.knownHostsFile },
    }),
  );
});

afterAll(async () => {
  await remote?.close();
  await sshd?.stop();
  for (const n of Object.values(units?.names ?? {})) await rm(path.join(unitDir, `${n}.d`), { recursive: true, force: true });
  await units?.teardown();
});

describe("systemd restart policy over ssh", () => {
  it("reads sources over ssh, writes the drop-in there, and the new start limit takes effect", async () => {
    const name = units.names.crashloop;
    const policy = await remote.readPolicy(name, signal());
    expect(policy.readOnlyReason).toBeNull();
    expect(policy.settings.find((s) => s.key === "StartLimitBurst")).toMatchObject({ value: 3, source: `${path.join(unitDir, name)}:4` });

    const applied = await remote.applyPolicy(name, { StartLimitBurst: 4 }, { resetAndStart: true }, signal());
    expect(applied).toMatchObject({ ok: true, rolledBack: false });
    expect(await readFile(dropIn(name), "utf8")).toBe(applied.after);
    expect(await restartsBeforeGivingUp(name)).toBe(4);

    const back = await remote.applyPolicy(name, applied.ownedBefore, {}, signal());
    expect(back.ok).toBe(true);
    await expect(lstat(dropIn(name))).rejects.toThrow(/ENOENT/);
  });

  it("refuses injections and a symlinked drop-in over ssh, writing nothing", async () => {
    const name = units.names.healthy;
    for (const change of [{ Restart: "always\nUser=root" }, { RestartSec: "$(touch /tmp/x)" }, { KillMode: "'; rm -rf /; '" }]) {
      await expect(remote.applyPolicy(name, change as never, {}, signal())).rejects.toMatchObject({ code: "INVALID" });
    }
    await expect(lstat(path.dirname(dropIn(name)))).rejects.toThrow(/ENOENT/);
    const outside = path.join(unitDir, `${units.prefix}outside.txt`);
    await writeFile(outside, "keep\n");
    await mkdir(path.dirname(dropIn(name)), { recursive: true });
    await symlink(outside, dropIn(name));
    try {
      await expect(remote.applyPolicy(name, { Restart: "always" }, {}, signal())).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect(await readFile(outside, "utf8")).toBe("keep\n");
      expect(await readlink(dropIn(name))).toBe(outside);
    } finally {
      await rm(outside, { force: true });
      await rm(path.dirname(dropIn(name)), { recursive: true, force: true });
    }
  });
});
