/**
 * Restart policies on a real systemd user manager: the drop-in changes how many times a
 * crash-looping unit is started before systemd gives up; rolling back restores the old count;
 * every injection is refused with nothing written.
 */
import { lstat, mkdir, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SystemdEndpoint } from "@/lib/config/schema";
import { createSystemdConnector } from "@/lib/connectors/systemd/connector";
import type { Connector, ConnectorEvent } from "@/lib/connectors/types";
import { USER_BUS_ADDRESS, installTestUnits, recordEvents, waitUntil, type TestUnits } from "../harness/systemd";

let units: TestUnits;
let connector: Connector;
const unitDir = path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), ".config"), "systemd", "user");
const signal = () => AbortSignal.timeout(60_000);
const dropIn = (unit: string) => path.join(unitDir, `${unit}.d`, "50-respawn.conf");

async function waitGaveUp(name: string): Promise<number> {
  let restarts = -1;
  await waitUntil(`${name} to give up`, async () => {
    const p = await connector.getProcess(name, signal());
    restarts = p.restarts ?? -1;
    return p.state === "gave-up";
  }, 300);
  return restarts;
}

/**
 * Starts the unit afresh and counts its restarts until systemd gives up. A daemon-reload by
 * anything else on this user manager resets systemd's start-limit counter mid-way, so a cycle
 * that saw one (a "resync") is run again.
 */
async function restartsBeforeGivingUp(name: string): Promise<number> {
  const events = recordEvents<ConnectorEvent>(connector);
  try {
    for (let cycle = 0; cycle < 5; cycle++) {
      const mark = events.mark();
      await connector.control(name, "reset-and-start", signal());
      const restarts = await waitGaveUp(name);
      if (!events.events.slice(mark).some((e) => e.event.type === "resync")) return restarts;
    }
    throw new Error("the manager was reloaded during every cycle");
  } finally {
    events.stop();
  }
}

beforeAll(async () => {
  units = await installTestUnits(["crashloop"]);
  const endpoint = SystemdEndpoint.parse({ bus: "user", busAddress: USER_BUS_ADDRESS, units: [`${units.prefix}*`] });
  connector = createSystemdConnector("local", endpoint);
});

afterAll(async () => {
  await connector?.close();
  for (const n of Object.values(units?.names ?? {})) await rm(path.join(unitDir, `${n}.d`), { recursive: true, force: true });
  await units?.teardown();
});

describe("systemd restart policy", () => {
  it("reads the policy in force and the file line that sets each value", async () => {
    const name = units.names.crashloop;
    const policy = await connector.readPolicy(name, signal());
    const burst = policy.settings.find((s) => s.key === "StartLimitBurst");
    expect(burst?.value).toBe(3);
    expect(burst?.source).toBe(`${path.join(unitDir, name)}:4`);
    expect(policy.settings.find((s) => s.key === "KillMode")).toEqual({ key: "KillMode", value: "control-group", source: null });
    expect(policy.readOnlyReason).toBeNull();
  });

  it("a higher StartLimitBurst makes systemd try more times before giving up; rolling back restores it", async () => {
    const name = units.names.crashloop;
    await waitGaveUp(name);
    expect(await restartsBeforeGivingUp(name)).toBe(3);

    const applied = await connector.applyPolicy(name, { StartLimitBurst: 5 }, { resetAndStart: true }, signal());
    expect(applied.ok).toBe(true);
    expect(applied.after).toContain("[Unit]\nStartLimitBurst=5\n");
    expect(await readFile(dropIn(name), "utf8")).toBe(applied.after);
    const burst = applied.policy?.settings.find((s) => s.key === "StartLimitBurst");
    expect(burst).toMatchObject({ value: 5, source: `${dropIn(name)}:5` });
    await waitGaveUp(name);
    expect(await restartsBeforeGivingUp(name)).toBe(5);

    const back = await connector.applyPolicy(name, applied.ownedBefore, { resetAndStart: true }, signal());
    expect(back.ok).toBe(true);
    await expect(lstat(dropIn(name))).rejects.toThrow(/ENOENT/);
    await waitGaveUp(name);
    expect(await restartsBeforeGivingUp(name)).toBe(3);
  });

  it("plans the exact drop-in without writing it", async () => {
    const name = units.names.healthy;
    const plan = await connector.planPolicy(name, { RestartSec: 1.5, KillMode: "mixed" }, signal());
    expect(plan.before).toBe("");
    expect(plan.after).toContain("[Service]\nRestartSec=1.5\nKillMode=mixed\n");
    await expect(lstat(path.dirname(dropIn(name)))).rejects.toThrow(/ENOENT/);
  });

  it("refuses every injection with nothing written", async () => {
    const name = units.names.healthy;
    const bad: unknown[] = [
      { Restart: "always\nExecStartPre=/bin/touch /tmp/pwned" },
      { RestartSec: "1\nUser=root" },
      { StandardOutput: "file:/etc/passwd" },
      { StartLimitBurst: "5%n" },
      { StartLimitBurst: -1 },
      { RestartSec: 1e9 },
      { ExecStart: "/bin/sh" },
    ];
    for (const change of bad) {
      await expect(connector.applyPolicy(name, change as never, {}, signal())).rejects.toMatchObject({ code: "INVALID" });
    }
    await expect(connector.applyPolicy("../../evil.service", { Restart: "always" }, {}, signal())).rejects.toMatchObject({ code: "INVALID" });
    await expect(lstat(path.dirname(dropIn(name)))).rejects.toThrow(/ENOENT/);
  });

  it("refuses to write through a symlink at the drop-in", async () => {
    const name = units.names.healthy;
    const outside = path.join(unitDir, `${units.prefix}outside.txt`);
    await writeFile(outside, "keep\n");
    await mkdir(path.dirname(dropIn(name)), { recursive: true });
    await symlink(outside, dropIn(name));
    try {
      await expect(connector.applyPolicy(name, { Restart: "always" }, {}, signal())).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect(await readFile(outside, "utf8")).toBe("keep\n");
      expect(await readlink(dropIn(name))).toBe(outside);
    } finally {
      await rm(outside, { force: true });
      await rm(path.dirname(dropIn(name)), { recursive: true, force: true });
    }
  });
});
