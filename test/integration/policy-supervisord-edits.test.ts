/**
 * Edits on a real supervisord, on files written the way people write them: a CRLF file (the new
 * value must win in supervisord, read back over XML-RPC), inline comments and spacing kept,
 * restore giving back the original bytes, a value written with %(ENV_X)s left read-only, a
 * group over numprocs programs, and a group whose name is not ASCII (its stop reply is
 * malformed) applied and left running.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSupervisordConnector } from "@/lib/connectors/supervisord/connector";
import { createSupervisordClient } from "@/lib/connectors/supervisord/client";
import type { Connector } from "@/lib/connectors/types";
import { programCommand, startSupervisord, type SupervisordInstance } from "../harness/supervisord";
import { waitUntil } from "../harness/systemd";

let sv: SupervisordInstance;
let connector: Connector;
let crlfFile: string;
let crlfText: string;
let workersFile: string;
let workersText: string;
const signal = () => AbortSignal.timeout(60_000);
const sleeper = programCommand("sleeper.sh");

async function configInfo(name: string): Promise<Record<string, unknown>> {
  const all = (await createSupervisordClient({ socket: sv.socketPath }, "local").getAllConfigInfo(signal())) as unknown as Record<string, unknown>[];
  const found = all.find((c) => (c.group === c.name ? c.name : `${String(c.group)}:${String(c.name)}`) === name);
  if (!found) throw new Error(`no config info for ${name}`);
  return found;
}

const setting = async (name: string, key: string) => (await connector.readPolicy(name, signal())).settings.find((s) => s.key === key);

beforeAll(async () => {
  sv = await startSupervisord({ programs: [{ name: "anchor", command: sleeper }] });
  await mkdir(path.join(sv.dir, "conf.d"));
  crlfFile = path.join(sv.dir, "conf.d", "win.conf");
  // Edited on Windows: every line ends in CRLF, and startretries is set twice (the later line wins).
  crlfText = [
    "[program:win]",
    `command=${sleeper}`,
    "startsecs = 1   ; keep this comment",
    "startretries=2",
    "stopwaitsecs=%(ENV_STOPWAIT)s",
    "startretries = 4 ; the one in force",
    "",
  ].join("\r\n");
  await writeFile(crlfFile, crlfText);
  workersFile = path.join(sv.dir, "conf.d", "workers.conf");
  workersText = [
    "[program:queue]",
    `command=${sleeper}`,
    "process_name=%(program_name)s_%(process_num)02d",
    "numprocs=2",
    "startsecs=1",
    "",
    "[group:wörker]",
    "programs=queue",
    "",
  ].join("\n");
  await writeFile(workersFile, workersText);
  process.env.STOPWAIT = "7";
  await sv.restart();
  await sv.addSections(["[include]\nfiles = conf.d/*.conf"]);
  connector = createSupervisordConnector("local", { socket: sv.socketPath });
  await waitUntil("the included programs to run", async () => (await connector.getProcess("win", signal())).state === "running");
});

/**
 * A unix socket in front of the real supervisord that answers HTTP 500 to the first
 * addProcessGroup (a failure a real supervisord cannot be made to produce on demand) and passes
 * everything else through.
 */
function failFirstAdd(target: string, at: string): Promise<net.Server> {
  let failed = false;
  const server = net.createServer((client) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (!head.includes("</methodCall>")) return;
      client.off("data", onData);
      if (!failed && head.includes("supervisor.addProcessGroup")) {
        failed = true;
        client.end("HTTP/1.0 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      const up = net.connect(target, () => up.write(head));
      up.pipe(client);
      client.pipe(up);
      up.on("error", () => client.destroy());
    };
    client.on("data", onData);
  });
  return new Promise((resolve) => server.listen(at, () => resolve(server)));
}

afterAll(async () => {
  await connector?.close();
  await sv?.stop();
});

describe("supervisord edits on real files", () => {
  it("reads the line that wins and leaves an interpolated value read-only, saying why", async () => {
    expect(await setting("win", "startretries")).toEqual({ key: "startretries", value: 4, source: `${crlfFile}:6` });
    expect(await setting("win", "stopwaitsecs")).toEqual({ key: "stopwaitsecs", value: 7, source: `${crlfFile}:5` });
    const policy = await connector.readPolicy("win", signal());
    expect(policy.fixed?.stopwaitsecs).toMatch(/%\(…\)s expansion.*change that line by hand/);
    await expect(connector.applyPolicy("win", { stopwaitsecs: 3 }, {}, signal())).rejects.toMatchObject({ code: "INVALID" });
    expect(await readFile(crlfFile, "utf8")).toBe(crlfText);
  });

  it("a CRLF edit takes effect in supervisord, keeps every other byte, and restoring gives the original back", async () => {
    const applied = await connector.applyPolicy("win", { startretries: 6, startsecs: 2, autorestart: "true" }, {}, signal());
    expect(applied).toMatchObject({ ok: true, rolledBack: false });
    const edited = await readFile(crlfFile, "utf8");
    expect(edited).toBe(
      crlfText
        .replace("startsecs = 1   ; keep this comment", "startsecs = 2   ; keep this comment")
        .replace("startretries = 4 ; the one in force\r\n", "startretries = 6 ; the one in force\r\nautorestart=true\r\n"),
    );
    expect(await configInfo("win")).toMatchObject({ startretries: 6, startsecs: 2 });
    await waitUntil("win to run again", async () => (await connector.getProcess("win", signal())).state === "running");

    const back = await connector.applyPolicy("win", applied.ownedBefore, {}, signal());
    expect(back.message).toMatch(/^applied/);
    expect(back.ok).toBe(true);
    expect(await readFile(crlfFile, "utf8")).toBe(crlfText);
    expect(await configInfo("win")).toMatchObject({ startretries: 4, startsecs: 1 });
  });

  it("a failed apply puts the file back and the process running again, and says so", async () => {
    const proxy = await failFirstAdd(sv.socketPath, path.join(sv.dir, "faulty.sock"));
    const faulty = createSupervisordConnector("local", { socket: path.join(sv.dir, "faulty.sock"), configFile: sv.confPath });
    try {
      await waitUntil("win to run", async () => (await faulty.getProcess("win", signal())).state === "running");
      const result = await faulty.applyPolicy("win", { startsecs: 3 }, {}, signal());
      expect(result).toMatchObject({ ok: false, rolledBack: true });
      expect(result.message).toMatch(/could not be loaded .*the previous file was put back; /);
      expect(await readFile(crlfFile, "utf8")).toBe(crlfText);
      await waitUntil("win to run again", async () => (await connector.getProcess("win", signal())).state === "running");
      expect(await configInfo("win")).toMatchObject({ startsecs: 1 });
    } finally {
      await faulty.close();
      proxy.close();
    }
  });

  it("edits a program of a group whose name is not ASCII, and leaves every process running", async () => {
    expect(await setting("wörker:queue_01", "startsecs")).toMatchObject({ value: 1, source: `${workersFile}:5` });
    const applied = await connector.applyPolicy("wörker:queue_01", { startsecs: 2 }, {}, signal());
    expect(applied.message).toMatch(/^applied/);
    expect(applied.ok).toBe(true);
    expect(await readFile(workersFile, "utf8")).toBe(workersText.replace("startsecs=1", "startsecs=2"));
    expect(await configInfo("wörker:queue_00")).toMatchObject({ startsecs: 2 });
    for (const name of ["wörker:queue_00", "wörker:queue_01"]) {
      await waitUntil(`${name} to run`, async () => (await connector.getProcess(name, signal())).state === "running");
    }
  });
});
