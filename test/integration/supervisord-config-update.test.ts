/**
 * supervisord's reread / update from the dashboard's side, on a real supervisord: programs added,
 * removed and changed in the files are listed as supervisord itself (`supervisorctl reread`) lists
 * them, loaded with its update semantics, and read back; a stale plan or a broken file changes nothing.
 */
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSupervisordConnector } from "@/lib/connectors/supervisord/connector";
import type { ConfigReloader, Connector } from "@/lib/connectors/types";
import { programCommand, startSupervisord, type SupervisordInstance } from "../harness/supervisord";

let sv: SupervisordInstance;
let connector: Connector;
let reloader: ConfigReloader;
const signal = () => AbortSignal.timeout(60_000);

/** supervisorctl's own words for what its reread found: `name: available|changed|disappeared`. */
async function supervisorctl(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)("supervisorctl", ["-s", `unix://${sv.socketPath}`, ...args]).catch(
    (e: { stdout?: string }) => ({ stdout: e.stdout ?? "" }),
  );
  return stdout.trim();
}

function section(name: string, command: string): string {
  const log = `${sv.dir}/logs/${name}`;
  return `[program:${name}]\ncommand=${command}\nstartsecs=1\nstopwaitsecs=3\nstdout_logfile=${log}.out.log\nstderr_logfile=${log}.err.log`;
}

/** Rewrites the config file: drops the named program sections, appends new sections. */
async function editConf(drop: string[], add: string[]): Promise<void> {
  const parts = (await readFile(sv.confPath, "utf8")).split("\n\n").filter((p) => !drop.some((d) => p.startsWith(`[program:${d}]`)));
  await writeFile(sv.confPath, [...parts.map((p) => p.trim()), ...add].join("\n\n") + "\n");
}

const names = (c: Awaited<ReturnType<ConfigReloader["readConfigChanges"]>>) => ({
  added: c.added.map((g) => g.group),
  changed: c.changed.map((g) => g.group),
  removed: c.removed.map((g) => g.group),
});

async function states(): Promise<Record<string, { state: string; pid: number | null }>> {
  const list = await connector.listProcesses(signal());
  return Object.fromEntries(list.map((p) => [p.name, { state: p.state, pid: p.pid }]));
}

beforeAll(async () => {
  sv = await startSupervisord({
    programs: [
      { name: "keep", command: programCommand("sleeper.sh") },
      { name: "gone", command: programCommand("sleeper.sh") },
      { name: "alter", command: programCommand("sleeper.sh") },
    ],
  });
  connector = createSupervisordConnector("local", { socket: sv.socketPath });
  if (!connector.configReload) throw new Error("the supervisord connector has no config reload");
  reloader = connector.configReload;
  const { waitUntil } = await import("../harness/systemd");
  await waitUntil("programs running", async () => Object.values(await states()).every((p) => p.state === "running"), 100);
});

afterAll(async () => {
  await sv?.stop();
});

describe("supervisord reread and update", () => {
  it("finds nothing to load when the files match what runs", async () => {
    expect(names(await reloader.readConfigChanges(signal()))).toEqual({ added: [], changed: [], removed: [] });
  });

  it("lists added, changed and removed programs as supervisorctl reread does, and loads them as update does", async () => {
    await editConf(["gone", "alter"], [
      section("alter", `${programCommand("sleeper.sh")} --changed`),
      section("fresh", programCommand("sleeper.sh")),
      `[program:pa]\ncommand=${programCommand("sleeper.sh")}\nstdout_logfile=${sv.dir}/logs/pa.log`,
      `[program:pb]\ncommand=${programCommand("sleeper.sh")}\nstdout_logfile=${sv.dir}/logs/pb.log`,
      "[group:pair]\nprograms=pa,pb",
    ]);
    const changes = await reloader.readConfigChanges(signal());
    // supervisord's own account of the same files.
    const reread = (await supervisorctl("reread")).split("\n").sort();
    expect(reread).toEqual(["alter: changed", "fresh: available", "gone: disappeared", "pair: available"]);
    expect(names(changes)).toEqual({ added: ["fresh", "pair"], changed: ["alter"], removed: ["gone"] });
    expect(changes.added.find((g) => g.group === "pair")?.programs).toEqual(["pair:pa", "pair:pb"]);
    expect(changes.removed[0]?.programs).toEqual(["gone"]);

    const before = await states();
    const result = await reloader.applyConfigChanges(names(changes), signal());
    expect(result.groups.map((g) => [g.group, g.change, g.ok])).toEqual([
      ["gone", "removed", true],
      ["alter", "changed", true],
      ["fresh", "added", true],
      ["pair", "added", true],
    ]);
    expect(result).toMatchObject({ outcome: "done", ok: true, remaining: { added: [], changed: [], removed: [] } });
    expect(await supervisorctl("reread")).toBe("No config updates to processes");

    const after = await states();
    expect(after.gone).toBeUndefined();
    expect(after.keep?.pid).toBe(before.keep?.pid);
    expect(after.alter?.pid).not.toBe(before.alter?.pid);
    expect(Object.keys(after).sort()).toEqual(["alter", "fresh", "keep", "pair:pa", "pair:pb"]);
    const { stdout } = await promisify(execFile)("ps", ["-o", "args=", "-p", String(after.alter?.pid ?? 0)]);
    expect(stdout).toContain("--changed");
  });

  it("refuses a plan the files no longer match, and loads nothing", async () => {
    await editConf([], [section("late", programCommand("sleeper.sh"))]);
    await expect(reloader.applyConfigChanges({ added: [], changed: [], removed: [] }, signal())).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await states()).late).toBeUndefined();
    expect(names(await reloader.readConfigChanges(signal()))).toEqual({ added: ["late"], changed: [], removed: [] });
    await editConf(["late"], []);
  });

  it("says why when supervisord cannot read the files, and nothing running changes", async () => {
    const good = await readFile(sv.confPath, "utf8");
    const before = await states();
    await writeFile(sv.confPath, `${good}\n[program:broken]\n`);
    try {
      const err = await reloader.readConfigChanges(signal()).then(() => null, (e: unknown) => e);
      expect(err).toMatchObject({ code: "FAULT" });
      expect(String((err as Error).message) + String((err as { detail?: string }).detail)).toMatch(/command/);
      expect(await states()).toEqual(before);
    } finally {
      await writeFile(sv.confPath, good);
    }
  });
});
