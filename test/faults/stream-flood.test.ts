import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppInstance } from "@/test/harness/app";
import { programCommand, startSupervisord, type SupervisordInstance } from "@/test/harness/supervisord";
import { establishedOn, openRawStream, portOf, readMetric, waitFor, type RawStream } from "./helpers";

const CLIENTS = 1_000;

const openFds = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
const liveStreams = (url: string) => readMetric(url, /respawn_live_streams\{kind="fleet"\} (\d+)/);
const heapUsed = (url: string) => readMetric(url, /^nodejs_heap_size_used_bytes (\d+)$/m);

describe("a flood of live-stream clients leaves nothing behind (built app, real supervisord)", () => {
  let sv: SupervisordInstance;
  let app: AppInstance;

  beforeAll(async () => {
    sv = await startSupervisord({ programs: [{ name: "api", command: programCommand("sleeper.sh"), startsecs: 0 }] });
    app = await startApp({
      hosts: [{ id: "web", supervisord: { socket: sv.socketPath } }],
      metrics: { enabled: true },
      // All clients here come from one address: let exactly CLIENTS in, to see the cap answer beyond it.
      streams: { maxPerUser: CLIENTS, maxTotal: 5_000 },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await sv?.stop();
  });

  it("1,000 clients connect and are killed at once: connections, streams, descriptors and heap return to baseline; the cap answers 429 beyond it", async () => {
    const port = portOf(app.url);
    const headers = await app.headersFor("viewer");
    const url = `${app.url}/api/events`;
    await waitFor("a first stream to work", async () => {
      const s = await openRawStream(url, headers);
      s.destroy();
      return s.status === 200;
    });
    await waitFor("the probe stream to be released", async () => (await liveStreams(app.url)) === 0);
    const baseline = { conns: establishedOn(port), fds: openFds(app.pid), heap: await heapUsed(app.url) };

    const clients: RawStream[] = [];
    while (clients.length < CLIENTS) clients.push(...(await Promise.all(Array.from({ length: 50 }, () => openRawStream(url, headers)))));
    expect(clients.filter((c) => c.status !== 200).length).toBe(0);
    await waitFor("every stream registered", async () => (await liveStreams(app.url)) === CLIENTS);
    await waitFor("every client to get its snapshot", () => clients.every((c) => c.text().includes('"type":"snapshot"')));

    const refused = await fetch(url, { headers });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBeTruthy();
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/too many live streams/);

    for (const c of clients) c.destroy();
    await waitFor("the streams to be released", async () => (await liveStreams(app.url)) === 0, 60_000);
    await waitFor("server connections back to baseline", () => establishedOn(port) <= baseline.conns, 60_000);
    await waitFor("file descriptors back to baseline", () => openFds(app.pid) <= baseline.fds + 5, 60_000);
    // Nothing holds the streams' memory: once collected, the heap is back near where it was.
    await waitFor("the heap back near baseline", async () => (await heapUsed(app.url)) < baseline.heap + 16 * 1024 * 1024, 90_000);
    const again = await openRawStream(url, headers);
    expect(again.status).toBe(200);
    again.destroy();
  });
});
