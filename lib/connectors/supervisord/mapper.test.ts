import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeMethodResponse } from "./xml-codec";
import { parseWire } from "./client";
import { mapConfigs, mapProcessInfo, qualifiedName } from "./mapper";
import { WireConfigInfoList, WireProcessInfo, WireProcessInfoList } from "./wire";
import { decodeProcessId } from "@/lib/util/ids";

function valueOf(name: string): unknown {
  const reply = decodeMethodResponse(
    readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"),
  );
  if (reply.kind !== "value") throw new Error("fixture is a fault");
  return reply.value;
}

const infos = parseWire(
  WireProcessInfoList,
  valueOf("get-all-process-info.xml"),
  "getAllProcessInfo",
  "h",
);
const configs = mapConfigs(
  parseWire(WireConfigInfoList, valueOf("get-all-config-info.xml"), "getAllConfigInfo", "h"),
);
const processes = infos.map((w) =>
  mapProcessInfo(w, configs.get(qualifiedName(w.group, w.name)), "web-1"),
);
const byName = new Map(processes.map((p) => [p.name, p]));

describe("supervisord mapper on recorded replies", () => {
  it("names programs as supervisord's API wants them, with group only for real groups", () => {
    expect([...byName.keys()].sort()).toEqual(
      [
        "done",
        "flaky",
        "hostile",
        "idle",
        "missing",
        "oneshot",
        "web",
        "workers:w1",
        "workers:w2",
      ].sort(),
    );
    expect(byName.get("web")?.group).toBeNull();
    expect(byName.get("workers:w1")?.group).toBe("workers");
    expect(decodeProcessId(byName.get("workers:w1")!.id)).toEqual({
      hostId: "web-1",
      manager: "supervisord",
      name: "workers:w1",
    });
  });

  it("maps the same process polled a second later to the same value (no uptime in it)", () => {
    const wire = infos.find((w) => w.name === "web")!;
    const config = configs.get("web");
    const later = { ...wire, now: wire.now + 1, description: wire.description.replace(/uptime .*/, "uptime 9:99:99") };
    expect(mapProcessInfo(later, config, "web-1")).toEqual(mapProcessInfo(wire, config, "web-1"));
  });

  it("maps RUNNING with pid and start time", () => {
    const web = byName.get("web")!;
    expect(web).toMatchObject({
      state: "running",
      rawState: "RUNNING",
      exitStatus: null,
      spawnError: null,
    });
    expect(web.pid).toBeGreaterThan(0);
    expect(web.since).toBeGreaterThan(1_600_000_000_000);
  });

  it("shows FATAL as gave-up with the spawn error, and no misleading exit status", () => {
    expect(byName.get("flaky")).toMatchObject({
      state: "gave-up",
      rawState: "FATAL",
      pid: null,
      exitStatus: null,
      spawnError: "Exited too quickly (process log may have details)",
    });
  });

  it("tells an unexpected exit (crashed) from an expected one (stopped) by the program's exitcodes", () => {
    expect(byName.get("oneshot")).toMatchObject({
      state: "crashed",
      rawState: "EXITED",
      exitStatus: 2,
    });
    expect(byName.get("done")).toMatchObject({
      state: "stopped",
      rawState: "EXITED",
      exitStatus: 0,
    });
  });

  it("maps a never-started program as stopped, and a redirected stderr as one log stream", () => {
    expect(byName.get("idle")).toMatchObject({
      state: "stopped",
      pid: null,
      since: null,
      exitStatus: null,
    });
    expect(byName.get("workers:w2")?.logs).toEqual(["stdout"]);
    expect(byName.get("workers:w1")?.logs).toEqual(["stdout", "stderr"]);
  });

  it("maps the other states, and a signal-ended run", () => {
    const base = infos.find((w) => w.name === "web")!;
    const as = (statename: string, extra: Partial<WireProcessInfo> = {}) =>
      mapProcessInfo({ ...base, statename, ...extra }, configs.get("web"), "h");
    expect(as("BACKOFF").state).toBe("starting");
    expect(as("STARTING").state).toBe("starting");
    expect(as("STOPPING").state).toBe("stopping");
    expect(as("UNKNOWN").state).toBe("unknown");
    const killed = as("EXITED", { exitstatus: -1, stop: base.start + 5, pid: 0 });
    expect(killed).toMatchObject({
      state: "crashed",
      exitStatus: null,
      exitSignal: "signal",
      pid: null,
    });
    expect(killed.since).toBe((base.start + 5) * 1000);
  });

  it("refuses a reply that does not match the wire schema, naming the field", () => {
    const bad = { ...infos[0], pid: "12" };
    expect(() => parseWire(WireProcessInfo, bad, "getProcessInfo", "h")).toThrow(/at pid/);
  });
});

describe("Respawn's own event listener", () => {
  const config = (command: string) =>
    mapConfigs(
      parseWire(
        WireConfigInfoList,
        [
          {
            name: "respawn",
            group: "respawn",
            autostart: true,
            exitcodes: [0],
            startsecs: 1,
            stopwaitsecs: 10,
            redirect_stderr: false,
            inuse: true,
            command,
          },
        ],
        "getAllConfigInfo",
        "h",
      ),
    ).get("respawn");

  it("is told apart from a user's program by its command, and says what it is", () => {
    const wire = infos[0]!;
    const listener = mapProcessInfo(wire, config('"/opt/respawn/bin/respawn-eventlistener"'), "h");
    expect(listener.details.respawnListener).toBe(true);
    expect(listener.description).toMatch(/^Respawn's event listener/);
    const user = mapProcessInfo(wire, config("/usr/bin/respawn-eventlistener-clone --x"), "h");
    expect(user.details.respawnListener).toBeUndefined();
    expect(user.description).toBe("");
  });
});
