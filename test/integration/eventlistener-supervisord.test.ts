/**
 * The shipped event listener inside a real supervisord, delivering to a real HTTP receiver that
 * runs the same verb as the dashboard's endpoint. Programs count their own starts in a file, so
 * the truth is known; the recorder's counts are compared with it.
 */
import { execFile } from "node:child_process";
import { appendFile, readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSupervisordConnector } from "@/lib/connectors/supervisord/connector";
import type { Connector, ProcessInfo } from "@/lib/connectors/types";
import { bearerToken, createListenerIngest, type ListenerIngest } from "@/lib/history/listener-ingest";
import { createHistoryRecorder, type HistoryRecorder } from "@/lib/history/recorder";
import { openStore, type Store } from "@/lib/store/open-store";
import { RespawnError } from "@/lib/util/errors";
import { findFreePort, programCommand, startSupervisord, type SupervisordInstance } from "@/test/harness/supervisord";

const run = promisify(execFile);
const LISTENER = path.resolve(__dirname, "../../bin/respawn-eventlistener");
const TOKEN = "listener-token-for-tests-0123456789";
const HOST = "local";

let sv: SupervisordInstance;
let connector: Connector;
let server: http.Server;
let port: number;
let stores: Store[] = [];
/** Listener events and polls, deduplicated: the real deployment. */
let full: HistoryRecorder;
/** Polls only: no listener installed. */
let pollOnly: HistoryRecorder;
let ingest: ListenerIngest;
let polling = true;
let poller: Promise<void>;

function startReceiver(): Promise<void> {
  server = http.createServer((req, res) => {
    const m = /^\/api\/hosts\/([a-z0-9_-]+)\/events$/.exec(req.url ?? "");
    let data = "";
    req.on("data", (d: Buffer) => (data += d.toString()));
    req.on("end", () => {
      let status = 200;
      try {
        if (!m || req.method !== "POST") throw new RespawnError("NOT_FOUND", "no such route");
        ingest.ingestListenerEvents(m[1]!, bearerToken(req.headers.authorization), parseJson(data));
      } catch (e) {
        const code = e instanceof RespawnError ? e.code : "FAULT";
        status = code === "FORBIDDEN" ? 403 : code === "INVALID" ? 400 : code === "NOT_FOUND" ? 404 : 500;
      }
      res.writeHead(status, { "Content-Type": "application/json" }).end("{}");
    });
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Polls supervisord like the monitor does and feeds both recorders with consecutive snapshots. */
async function pollLoop(): Promise<void> {
  const prev = new Map<string, ProcessInfo>();
  while (polling) {
    try {
      for (const p of await connector.listProcesses(AbortSignal.timeout(5_000))) {
        full.observe(prev.get(p.id), p, "poll");
        pollOnly.observe(prev.get(p.id), p, "poll");
        prev.set(p.id, p);
      }
    } catch {
      // supervisord busy for a moment: the next poll catches up
    }
    await sleep(150);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, tries = 600): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function starts(file: string): Promise<number> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.split("\n").filter(Boolean).length;
}

async function processInfo(name: string): Promise<ProcessInfo> {
  return connector.getProcess(name, AbortSignal.timeout(5_000));
}

beforeAll(async () => {
  port = await findFreePort();
  sv = await startSupervisord({
    programs: [
      { name: "counter", command: "", autostart: false, autorestart: true, startsecs: 1 },
      { name: "looper", command: "", autostart: false, autorestart: true, startsecs: 1, startretries: 3 },
    ],
  });
  // Commands need the instance's folder, known only now: rewrite them before loading the programs.
  const conf = (await readFile(sv.confPath, "utf8"))
    .replace("[program:counter]\ncommand=", `[program:counter]\ncommand=${programCommand("start-counter.sh", path.join(sv.dir, "counter.starts"))}`)
    .replace("[program:looper]\ncommand=", `[program:looper]\ncommand=/bin/sh -c "echo start >> ${path.join(sv.dir, "looper.starts")}; exit 3"`);
  await writeFile(path.join(sv.dir, "token"), TOKEN + "\n");
  await writeFile(sv.confPath, conf);
  await appendFile(
    sv.confPath,
    [
      "",
      "[eventlistener:respawn]",
      `command=${LISTENER}`,
      "events=PROCESS_STATE,TICK_60",
      "buffer_size=1024",
      "autorestart=true",
      `stderr_logfile=${path.join(sv.dir, "logs", "respawn-listener.err.log")}`,
      `environment=RESPAWN_URL="http://127.0.0.1:${port}",RESPAWN_HOST_ID="${HOST}",RESPAWN_LISTENER_TOKEN_FILE="${path.join(sv.dir, "token")}"`,
      "",
    ].join("\n"),
  );
  stores = [openStore(path.join(sv.dir, "full.db")), openStore(path.join(sv.dir, "poll.db"))];
  full = createHistoryRecorder(stores[0]!);
  pollOnly = createHistoryRecorder(stores[1]!);
  ingest = createListenerIngest({ recorder: full, tokenFor: (h) => (h === HOST ? TOKEN : undefined) });
  await startReceiver();
  connector = createSupervisordConnector(HOST, { socket: sv.socketPath, timeoutMs: 5_000 });
  await run("supervisorctl", ["-s", `unix://${sv.socketPath}`, "update"]);
  // The listener says hello when it starts; from then on its host's counts can be exact.
  await waitFor("the listener's first delivery", () => (ingest.stats().batches > 0 ? true : undefined));
  poller = pollLoop();
});

afterAll(async () => {
  polling = false;
  await poller;
  await connector?.close();
  await sv?.stop();
  server?.close();
  full?.close();
  pollOnly?.close();
  stores.forEach((s) => s.close());
});

describe("restart counts against the truth", () => {
  it("counts every crash of a program exactly with the listener; polling alone never says more", async () => {
    const file = path.join(sv.dir, "counter.starts");
    await connector.control("counter", "start", AbortSignal.timeout(30_000));
    const crashes = 4;
    let pid = (await waitFor("counter running", async () => {
      const p = await processInfo("counter");
      return p.rawState === "RUNNING" ? p : undefined;
    })).pid!;
    for (let i = 0; i < crashes; i++) {
      process.kill(pid, "SIGKILL");
      pid = (await waitFor("counter running again", async () => {
        const p = await processInfo("counter");
        return p.rawState === "RUNNING" && p.pid !== pid ? p : undefined;
      })).pid!;
    }
    const truth = (await starts(file)) - 1;
    expect(truth).toBe(crashes);
    const id = (await processInfo("counter")).id;
    // Delivery is asynchronous: wait until the listener's RUNNING of the last run is recorded.
    await waitFor("the last run in the timeline", () => {
      const top = full.timeline(id, { limit: 1 }).items[0];
      return top?.rawState === "RUNNING" && top.pid === pid && top.source === "listener" ? true : undefined;
    });
    const timeline = full.timeline(id, { limit: 100 }).items.reverse();
    const cycle = ["EXITED", "STARTING", "RUNNING"];
    expect(timeline.map((t) => t.rawState)).toEqual(["STARTING", "RUNNING", ...Array(crashes).fill(cycle).flat()]);
    expect(timeline.filter((t) => t.cause === "crash")).toHaveLength(crashes);
    const exact = full.restartStats(id);
    expect(exact.sinceFirstSeen).toMatchObject({ count: truth, exact: true });
    expect(exact.lastHour).toEqual({ count: truth, exact: true });
    const polled = pollOnly.restartStats(id);
    expect(polled.sinceFirstSeen.count).toBeLessThanOrEqual(truth);
    expect(polled.sinceFirstSeen.exact).toBe(false);
    expect(polled.hint).toMatch(/event listener/);
  });

  it("counts a crash loop until supervisord gives up, exactly", async () => {
    const file = path.join(sv.dir, "looper.starts");
    await connector.control("looper", "start", AbortSignal.timeout(30_000)).catch(() => undefined);
    const info = await waitFor("looper to give up", async () => {
      const p = await processInfo("looper");
      return p.rawState === "FATAL" ? p : undefined;
    });
    const truth = (await starts(file)) - 1;
    expect(truth).toBe(3); // startretries=3: one start and three retries
    await waitFor("the FATAL event in the timeline", () =>
      full.timeline(info.id, { limit: 1 }).items[0]?.rawState === "FATAL" ? true : undefined,
    );
    expect(full.restartStats(info.id).sinceFirstSeen).toMatchObject({ count: truth, exact: true });
    expect(full.flapping([info.id]).size).toBe(0); // 3 restarts is not above the default threshold of 5
    expect(pollOnly.restartStats(info.id).sinceFirstSeen.count).toBeLessThanOrEqual(truth);
  });
});

describe("the endpoint refuses bad deliveries and counts them", () => {
  const post = (body: string, auth?: string) =>
    fetch(`http://127.0.0.1:${port}/api/hosts/${HOST}/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(auth ? { Authorization: auth } : {}) },
      body,
    });
  const ok = JSON.stringify({ listener: { instance: "abcdefgh", dropped: 0 }, events: [] });

  it("no token, a wrong token, garbage", async () => {
    const before = ingest.stats();
    expect((await post(ok)).status).toBe(403);
    expect((await post(ok, "Bearer wrong-token")).status).toBe(403);
    expect((await post("{not json", `Bearer ${TOKEN}`)).status).toBe(400);
    expect((await post(JSON.stringify({ events: "x" }), `Bearer ${TOKEN}`)).status).toBe(400);
    const after = ingest.stats();
    expect(after.refusedAuth - before.refusedAuth).toBe(2);
    expect(after.refusedInvalid - before.refusedInvalid).toBe(2);
  });
});
