import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RespawnConfig } from "@/lib/config/schema";
import { incidentCaptureOptions } from "./config";
import { notifyIncident } from "./webhook";

const servers: Server[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function receiver(answer: (req: IncomingMessage, body: string) => number | null): Promise<{ url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      bodies.push(body);
      const status = answer(req, body);
      if (status !== null) res.writeHead(status).end("ok");
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/T000/SECRETPART`, bodies };
}

const notice = { id: 42, title: "web on box gave up", processName: "web", hostId: "box" };

describe("the incident webhook", () => {
  it("posts a Slack-compatible { text } body with the incident's link", async () => {
    const r = await receiver((req) => (req.headers["content-type"] === "application/json" ? 200 : 415));
    await expect(notifyIncident({ url: r.url, publicUrl: "https://respawn.example.com/" }, notice)).resolves.toBe(true);
    expect(JSON.parse(r.bodies[0]!)).toEqual({ text: "Respawn incident #42: web on box gave up\nhttps://respawn.example.com/incidents/42" });
  });

  it("gives up at its deadline and logs the failure without the URL's secret path", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const r = await receiver(() => null); // never answers
    await expect(notifyIncident({ url: r.url, timeoutMs: 200 }, notice)).resolves.toBe(false);
    const logged = errors.mock.calls.flat().join(" ");
    expect(logged).toMatch(/timed out/);
    expect(logged).not.toContain("SECRETPART");
  });

  it("logs a refused delivery with its status, never the URL's path", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const r = await receiver(() => 500);
    await expect(notifyIncident({ url: r.url }, notice)).resolves.toBe(false);
    const logged = errors.mock.calls.flat().join(" ");
    expect(logged).toMatch(/HTTP 500/);
    expect(logged).not.toContain("SECRETPART");
  });
});

describe("incident options from the configuration", () => {
  it("reads the webhook URL from its environment variable, and is off when that is unset", () => {
    const config = RespawnConfig.parse({ incidents: { publicUrl: "https://r.example", webhook: { urlEnv: "HOOK_URL" } } });
    expect(incidentCaptureOptions(config, { HOOK_URL: "https://chat.example/hook" }).webhook).toEqual({
      url: "https://chat.example/hook",
      publicUrl: "https://r.example",
      timeoutMs: 5_000,
    });
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(incidentCaptureOptions(config, {}).webhook).toBeNull();
    expect(incidentCaptureOptions(RespawnConfig.parse({}), {})).toEqual({ linesPerStream: 500, onFlapping: false, webhook: null });
  });

  it("refuses a webhook with both or neither of url and urlEnv", () => {
    expect(() => RespawnConfig.parse({ incidents: { webhook: {} } })).toThrow(/exactly one/);
    expect(() => RespawnConfig.parse({ incidents: { webhook: { url: "https://a.example", urlEnv: "X" } } })).toThrow(/exactly one/);
  });
});
