import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import { listDeliveries } from "@/lib/store/notifications";
import { openStore, type Store } from "@/lib/store/open-store";
import { NotificationsConfig } from "./config";
import { createNotifier } from "./notifier";
import { routeEvent } from "./routing";
import type { NotificationEvent } from "./types";

const event: NotificationEvent = { kind: "gave-up", hostId: "web-1", manager: "supervisord", processName: "worker", title: "worker on web-1 gave up", detail: "exit status 3", link: "https://ops.example/p/x", at: Date.UTC(2026, 0, 2) };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function store(): Store {
  const s = openStore(":memory:");
  cleanups.push(() => s.close());
  return s;
}

interface Received {
  method: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A local HTTP receiver answering each request with the next status of `statuses` (then 200). */
async function receiver(statuses: number[]): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d));
    req.on("end", () => {
      received.push({ method: req.method ?? "", headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/secret-path`, received };
}

const config = (raw: unknown) => NotificationsConfig.parse(raw);
const fastRetry = { attempts: 3, initialDelayMs: 20, maxDelayMs: 50 };

describe("notification delivery", () => {
  it("retries a webhook that answered 500, and logs retrying then sent", async () => {
    const r = await receiver([500]);
    const s = store();
    const seen: string[] = [];
    const n = createNotifier({
      db: s.db,
      config: config({ channels: [{ id: "hook", kind: "webhook", url: r.url }], routes: [{ channels: ["hook"] }], retry: fastRetry }),
      onDone: (kind, outcome) => seen.push(`${kind}:${outcome}`),
    });
    const pending = n.notify(event);
    await expect.poll(() => listDeliveries(s.db)[0]?.status, { timeout: 5_000, interval: 1 }).toBe("retrying");
    expect(listDeliveries(s.db)[0]).toMatchObject({ lastError: expect.stringMatching(/HTTP 500/), attempts: 1 });
    expect(listDeliveries(s.db)[0]!.lastError).not.toContain("secret-path");
    await pending;
    expect(r.received).toHaveLength(2);
    expect(JSON.parse(r.received[1]!.body)).toMatchObject({ source: "respawn", kind: "gave-up", hostId: "web-1", processName: "worker", at: "2026-01-02T00:00:00.000Z" });
    expect(listDeliveries(s.db)[0]).toMatchObject({ status: "sent", attempts: 2, lastError: null, channelId: "hook", eventKind: "gave-up" });
    expect(seen).toEqual(["webhook:sent"]);
  });

  it("gives up after the configured attempts, and does not retry a 4xx", async () => {
    const down = await receiver([503, 503, 503, 503]);
    const gone = await receiver([404]);
    const s = store();
    const n = createNotifier({
      db: s.db,
      config: config({
        channels: [{ id: "down", kind: "slack", url: down.url }, { id: "gone", kind: "slack", url: gone.url }],
        routes: [{ channels: ["down", "gone"] }],
        retry: fastRetry,
      }),
    });
    await n.notify(event);
    const byChannel = Object.fromEntries(listDeliveries(s.db).map((d) => [d.channelId, d]));
    expect(byChannel.down).toMatchObject({ status: "failed", attempts: 3 });
    expect(byChannel.gone).toMatchObject({ status: "failed", attempts: 1, lastError: expect.stringMatching(/HTTP 404/) });
    expect(down.received).toHaveLength(3);
    expect(JSON.parse(gone.received[0]!.body)).toEqual({ text: "Respawn: worker on web-1 gave up\nexit status 3\nhttps://ops.example/p/x" });
  });

  it("sends e-mail to a real SMTP server, with the password from the environment", async () => {
    const mails: Array<{ from: string; to: string[]; data: string; user?: string }> = [];
    const smtp = new SMTPServer({
      authOptional: false,
      allowInsecureAuth: true,
      disabledCommands: ["STARTTLS"],
      onAuth(auth, _session, cb) {
        if (auth.username === "respawn" && auth.password === "smtp-pass-from-env") cb(null, { user: auth.username });
        else cb(new Error("bad credentials"));
      },
      onData(stream, session, cb) {
        let data = "";
        stream.on("data", (d: Buffer) => (data += d));
        stream.on("end", () => {
          mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), data, user: String(session.user) });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", () => r()));
    cleanups.push(() => new Promise<void>((r) => smtp.close(() => r())));
    const port = (smtp.server.address() as AddressInfo).port;
    const s = store();
    const n = createNotifier({
      db: s.db,
      config: config({
        channels: [{ id: "mail", kind: "email", smtp: { host: "127.0.0.1", port, username: "respawn", passwordEnv: "RESPAWN_TEST_SMTP_PASSWORD" }, from: "respawn@ops.example", to: ["oncall@ops.example"] }],
        routes: [{ channels: ["mail"], events: ["gave-up"] }],
        retry: fastRetry,
      }),
    });
    process.env.RESPAWN_TEST_SMTP_PASSWORD = "smtp-pass-from-env";
    cleanups.push(() => void delete process.env.RESPAWN_TEST_SMTP_PASSWORD);
    await n.notify(event);
    expect(listDeliveries(s.db)[0]).toMatchObject({ status: "sent", attempts: 1, channelKind: "email" });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ from: "respawn@ops.example", to: ["oncall@ops.example"], user: "respawn" });
    expect(mails[0]!.data).toMatch(/^Subject: Respawn: worker on web-1 gave up\r?$/m);
    expect(mails[0]!.data).toContain("exit status 3");
  });

  it("pushes to an ntfy-compatible topic with title, tags, priority and click link", async () => {
    const r = await receiver([]);
    const s = store();
    process.env.RESPAWN_TEST_NTFY_TOKEN = "tk_abc";
    cleanups.push(() => void delete process.env.RESPAWN_TEST_NTFY_TOKEN);
    const n = createNotifier({ db: s.db, config: config({ channels: [{ id: "phone", kind: "ntfy", url: r.url, tokenEnv: "RESPAWN_TEST_NTFY_TOKEN" }], routes: [{ channels: ["phone"] }] }) });
    await n.notify(event);
    expect(r.received[0]!.headers).toMatchObject({ title: "Respawn: worker on web-1 gave up", tags: "rotating_light", priority: "4", click: "https://ops.example/p/x", authorization: "Bearer tk_abc" });
    expect(r.received[0]!.body).toBe("exit status 3");
  });

  it("sends a test to one channel whatever the routes, marked as a test", async () => {
    const r = await receiver([]);
    const s = store();
    const n = createNotifier({ db: s.db, config: config({ channels: [{ id: "hook", kind: "slack", url: r.url }], routes: [] }) });
    const { id, done } = n.test("hook", "alice");
    expect(listDeliveries(s.db)[0]).toMatchObject({ id, status: "sending" });
    await done;
    expect(listDeliveries(s.db)[0]).toMatchObject({ id, status: "sent", test: true });
    expect(JSON.parse(r.received[0]!.body).text).toMatch(/^\[test\] Respawn: test notification sent by alice/);
    expect(() => n.test("nope", "alice")).toThrow(/no notification channel "nope"/);
  });

  it("fails at once, without a request, when a channel's secret variable is unset", async () => {
    const s = store();
    const n = createNotifier({ db: s.db, config: config({ channels: [{ id: "hook", kind: "webhook", urlEnv: "RESPAWN_TEST_UNSET_URL" }], routes: [{ channels: ["hook"] }], retry: fastRetry }) });
    await n.notify(event);
    expect(listDeliveries(s.db)[0]).toMatchObject({ status: "failed", attempts: 1, lastError: "environment variable RESPAWN_TEST_UNSET_URL is not set" });
  });
});

describe("routing", () => {
  const routes = config({
    channels: [{ id: "a", kind: "slack", url: "https://x.example/a" }, { id: "b", kind: "slack", url: "https://x.example/b" }, { id: "c", kind: "slack", url: "https://x.example/c" }],
    routes: [
      { channels: ["a"] },
      { channels: ["b", "a"], events: ["host-down", "recovered"], managers: ["systemd"] },
      { channels: ["c"], hosts: ["db-1"], events: ["gave-up"] },
    ],
  }).routes;

  it("matches by event, host and manager, each channel once", () => {
    expect(routeEvent(routes, { kind: "gave-up", hostId: "web-1", manager: "supervisord" })).toEqual(["a"]);
    expect(routeEvent(routes, { kind: "gave-up", hostId: "db-1", manager: "systemd" })).toEqual(["a", "c"]);
    expect(routeEvent(routes, { kind: "host-down", hostId: "db-1", manager: "systemd" })).toEqual(["a", "b"]);
    expect(routeEvent(routes, { kind: "host-down", hostId: "db-1", manager: "supervisord" })).toEqual(["a"]);
  });

  it("refuses routes to channels that do not exist and duplicate channel ids", () => {
    const r = NotificationsConfig.safeParse({ channels: [{ id: "a", kind: "slack", url: "https://x.example" }, { id: "a", kind: "ntfy", url: "https://ntfy.example/t" }], routes: [{ channels: ["b"] }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual(['channels.1.id: duplicate channel id "a"', 'routes.0.channels.0: no channel "b"']);
  });
});
