/**
 * Restart policies on a real supervisord: the program's section is edited in place, supervisord
 * reloads it, and the number of tries before FATAL follows startretries; rolling back restores
 * it; a configuration supervisord refuses is put back; injections are refused with nothing written.
 */
import { mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSupervisordPolicyClient } from "@/lib/connectors/supervisord/client";
import { createSupervisordConnector } from "@/lib/connectors/supervisord/connector";
import type { Connector } from "@/lib/connectors/types";
import { programCommand, startSupervisord, type SupervisordInstance } from "../harness/supervisord";
import { waitUntil } from "../harness/systemd";

let sv: SupervisordInstance;
let connector: Connector;
let countFile: string;
const signal = () => AbortSignal.timeout(60_000);

async function tries(): Promise<number> {
  return (await readFile(countFile, "utf8").catch(() => "")).split("\n").filter(Boolean).length;
}

async function waitFatal(name: string): Promise<void> {
  await waitUntil(`${name} to give up`, async () => (await connector.getProcess(name, signal())).state === "gave-up", 600);
}

beforeAll(async () => {
  sv = await startSupervisord({
    programs: [
      { name: "web", command: programCommand("sleeper.sh"), extra: { stopasgroup: true } },
      // Appends a line per try and fails at once: the line count is the number of tries.
      { name: "flaky", command: "/bin/sh -c 'echo try >> %(here)s/tries.log; exit 3'", startretries: 1, autostart: false },
    ],
  });
  countFile = path.join(sv.dir, "tries.log");
  connector = createSupervisordConnector("local", { socket: sv.socketPath });
});

afterAll(async () => {
  await connector?.close();
  await sv?.stop();
});

describe("supervisord restart policy", () => {
  it("reads values and the config line that sets them", async () => {
    const policy = await connector.readPolicy("web", signal());
    const value = (k: string) => policy.settings.find((s) => s.key === k);
    expect(value("startretries")).toMatchObject({ value: 3, source: expect.stringMatching(/supervisord\.conf:\d+$/) });
    expect(value("stopasgroup")).toMatchObject({ value: true });
    expect(value("killasgroup")).toMatchObject({ value: true, source: null });
    expect(value("autorestart")).toMatchObject({ value: "unexpected" });
    expect(policy.readOnlyReason).toBeNull();
    expect(policy.files[0]).toBe(sv.confPath);
  });

  it("startretries changes how many times supervisord tries before FATAL; rolling back restores it", async () => {
    await connector.control("flaky", "start", signal());
    await waitFatal("flaky");
    expect(await tries()).toBe(2);

    const original = await readFile(sv.confPath, "utf8");
    await writeFile(countFile, "");
    const applied = await connector.applyPolicy("flaky", { startretries: 3, autostart: true }, {}, signal());
    expect(applied.message).toMatch(/restarted flaky/);
    expect(applied.ok).toBe(true);
    const text = await readFile(sv.confPath, "utf8");
    expect(text).toBe(original.replace("startretries=1", "startretries=3").replace("autostart=false", "autostart=true"));
    // autostart=true: adding the group back starts it, with the new limit.
    await waitFatal("flaky");
    expect(await tries()).toBe(4);

    const back = await connector.applyPolicy("flaky", applied.ownedBefore, {}, signal());
    expect(back.ok).toBe(true);
    expect(await readFile(sv.confPath, "utf8")).toBe(original);
    await writeFile(countFile, "");
    await connector.control("flaky", "start", signal());
    await waitFatal("flaky");
    expect(await tries()).toBe(2);
  });

  it("a configuration supervisord would refuse is named with its file and line, and nothing is written", async () => {
    const original = await readFile(sv.confPath, "utf8");
    // Someone else broke another section by hand: supervisord would refuse the whole file.
    const broken = `${original}\n[program:broken]\ncommand=/bin/true\nstartsecs=notanumber\n`;
    await writeFile(sv.confPath, broken);
    try {
      const line = broken.split("\n").indexOf("startsecs=notanumber") + 1;
      // Policies read in a row share one reading of the files for a moment.
      await waitUntil("the broken file to be read", async () => (await connector.readPolicy("web", signal())).readOnlyReason !== null, 50);
      expect((await connector.readPolicy("web", signal())).readOnlyReason).toContain(`${sv.confPath}:${line}`);
      await expect(connector.applyPolicy("web", { startsecs: 2 }, {}, signal())).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect(await readFile(sv.confPath, "utf8")).toBe(broken);
      expect((await connector.getProcess("web", signal())).state).toBe("running");
    } finally {
      await writeFile(sv.confPath, original);
    }
  });

  it("refuses every injection with nothing written", async () => {
    const original = await readFile(sv.confPath, "utf8");
    const bad: unknown[] = [
      { startretries: "3\ncommand=/bin/evil" },
      { autorestart: "true\n[program:evil]" },
      { stopsignal: "TERM ; comment" },
      { stdout_logfile: "/etc/passwd" },
      { stdout_logfile: "%(ENV_HOME)s" },
      { exitcodes: ["0\ncommand=x"] },
      { startsecs: -1 },
      { command: "/bin/sh" },
    ];
    for (const change of bad) {
      await expect(connector.applyPolicy("web", change as never, {}, signal())).rejects.toMatchObject({ code: "INVALID" });
    }
    await expect(connector.applyPolicy("web\n[program:x]", { startsecs: 1 }, {}, signal())).rejects.toMatchObject({ code: "INVALID" });
    await expect(connector.applyPolicy("%(here)s", { startsecs: 1 }, {}, signal())).rejects.toMatchObject({ code: "INVALID" });
    expect(await readFile(sv.confPath, "utf8")).toBe(original);
  });

  it("finds a program defined in an [include]d file and edits that file only", async () => {
    const original = await readFile(sv.confPath, "utf8");
    const included = path.join(sv.dir, "conf.d", "inc.conf");
    await mkdir(path.dirname(included));
    const text = `; kept comment\n[program:inc]\ncommand=${programCommand("sleeper.sh")}\nstartsecs=0\nstopasgroup=true\nkillasgroup=true\n`;
    await writeFile(included, text);
    await writeFile(sv.confPath, `${original}\n[include]\nfiles = conf.d/*.conf\n`);
    // What `supervisorctl update` does for a new group.
    const admin = createSupervisordPolicyClient({ socket: sv.socketPath }, "local");
    await admin.reloadConfig(signal());
    await admin.addProcessGroup("inc", signal());
    try {
      const policy = await connector.readPolicy("inc", signal());
      expect(policy.files).toEqual([sv.confPath, included]);
      expect(policy.settings.find((s) => s.key === "startsecs")).toMatchObject({ value: 0, source: `${included}:4` });
      const applied = await connector.applyPolicy("inc", { startsecs: 1 }, {}, signal());
      expect(applied.ok).toBe(true);
      expect(await readFile(included, "utf8")).toBe(text.replace("startsecs=0", "startsecs=1"));
      expect(await readFile(sv.confPath, "utf8")).toBe(`${original}\n[include]\nfiles = conf.d/*.conf\n`);
      expect((await connector.readPolicy("inc", signal())).settings.find((s) => s.key === "startsecs")?.value).toBe(1);
    } finally {
      await writeFile(sv.confPath, original);
      await connector.control("inc", "stop", signal());
      await admin.reloadConfig(signal());
      await admin.removeProcessGroup("inc", signal());
    }
  });

  it("refuses to write through a symlinked config file", async () => {
    const real = path.join(sv.dir, "real.conf");
    const original = await readFile(sv.confPath, "utf8");
    await writeFile(real, original);
    await rm(sv.confPath);
    await symlink(real, sv.confPath);
    try {
      await expect(connector.applyPolicy("web", { startsecs: 2 }, {}, signal())).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect(await readFile(real, "utf8")).toBe(original);
    } finally {
      await rm(sv.confPath);
      await writeFile(sv.confPath, original);
    }
  });
});
