import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppInstance } from "@/test/harness/app";
import { programCommand, startSupervisord, type SupervisordInstance } from "@/test/harness/supervisord";
import { endpointOf, readFleet, rssBytes, waitFor } from "./helpers";

const HUGE_BYTES = 500 * 1024 * 1024;

const XML_HEAD = "<?xml version='1.0'?>\n<methodResponse><params><param>";
const LAUGHS =
  `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">` +
  Array.from({ length: 8 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join("") +
  `]><methodResponse><params><param><value><string>&i;</string></value></param></params></methodResponse>`;
const DEEP = XML_HEAD + "<value><array><data>".repeat(100_000) + "</data></array></value>".repeat(100_000) + "</param></params></methodResponse>";

/** Answers each path with one kind of hostile reply, whatever the method called. */
function hostile(mode: string, res: http.ServerResponse): void {
  if (mode === "truncated") {
    res.writeHead(200, { "Content-Type": "text/xml" }).end(`${XML_HEAD}<value><array><data><value><struct>`);
  } else if (mode === "entities") {
    res.writeHead(200, { "Content-Type": "text/xml" }).end(LAUGHS);
  } else if (mode === "deep") {
    res.writeHead(200, { "Content-Type": "text/xml" }).end(DEEP);
  } else if (mode === "html500") {
    res.writeHead(500, { "Content-Type": "text/html" }).end("<html><head><title>Error</title></head><body><h1>Internal Server Error</h1></body></html>");
  } else if (mode === "huge") {
    streamHuge(res);
  } else if (mode === "drip") {
    res.writeHead(200, { "Content-Type": "text/xml" });
    const timer = setInterval(() => res.write("<"), 1_000);
    res.on("close", () => clearInterval(timer));
  }
}

/** 500 MB of well-formed-looking XML, written as fast as the client reads it. */
function streamHuge(res: http.ServerResponse): void {
  res.writeHead(200, { "Content-Type": "text/xml", "Content-Length": String(HUGE_BYTES) });
  const piece = Buffer.alloc(64 * 1024, "<value><string>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</string></value>");
  let sent = 0;
  const pump = () => {
    while (sent < HUGE_BYTES && !res.destroyed) {
      sent += piece.length;
      if (!res.write(piece)) return void res.once("drain", pump);
    }
    res.end();
  };
  pump();
}

const MODES = ["truncated", "entities", "deep", "html500", "huge", "drip"] as const;

describe("hostile XML-RPC replies stay one host's error (built app, fault-injecting server)", () => {
  let server: http.Server;
  let healthy: SupervisordInstance;
  let app: AppInstance;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      hostile(req.url?.split("/")[1] ?? "", res);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    healthy = await startSupervisord({ programs: [{ name: "api", command: programCommand("sleeper.sh"), startsecs: 0 }] });
    app = await startApp({
      hosts: [
        { id: "healthy", supervisord: { socket: healthy.socketPath, timeoutMs: 2_000, pollIntervalMs: 500 } },
        ...MODES.map((mode) => ({
          id: mode,
          supervisord: { url: `http://127.0.0.1:${port}/${mode}/RPC2`, timeoutMs: 2_000, pollIntervalMs: 500 },
        })),
      ],
    });
  });
  afterAll(async () => {
    await app?.stop();
    await healthy?.stop();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  it("each hostile host shows its own clear error, the healthy host keeps updating, and memory stays bounded", async () => {
    const baseline = rssBytes(app.pid);
    let peak = baseline;
    const errors = await waitFor("every hostile host to show an error", async () => {
      peak = Math.max(peak, rssBytes(app.pid));
      const fleet = await readFleet(app);
      const bad = MODES.map((m) => fleet.endpoints.find((e) => e.hostId === m));
      return bad.every((e) => e?.error) ? bad : undefined;
    }, 60_000);
    const byHost = Object.fromEntries(errors.map((e) => [e?.hostId, e?.error]));
    expect(byHost.truncated).toMatchObject({ code: "BAD_RESPONSE" });
    expect(byHost.entities).toMatchObject({ code: "BAD_RESPONSE" });
    expect(byHost.deep).toMatchObject({ code: "BAD_RESPONSE" });
    expect(byHost.html500?.message).toMatch(/500/);
    expect(byHost.huge).toMatchObject({ code: "BAD_RESPONSE" });
    expect(byHost.huge?.message).toMatch(/cap|large|limit/i);
    expect(byHost.drip).toMatchObject({ code: "TIMEOUT" });
    for (const e of errors) expect(e?.error?.message.length).toBeLessThan(300);

    // Keep them failing for a while: the healthy host keeps being read, and memory does not grow with them.
    const reads = new Set<number>();
    await waitFor("several fresh reads of the healthy host", async () => {
      peak = Math.max(peak, rssBytes(app.pid));
      const e = await endpointOf(app, "healthy");
      expect(e.status).toBe("up");
      if (e.lastOkAt) reads.add(e.lastOkAt);
      return reads.size >= 10;
    }, 60_000);
    const fleet = await readFleet(app);
    expect(fleet.processes.filter((p) => p.hostId === "healthy").map((p) => p.name)).toEqual(["api"]);
    // A 500 MB reply must never be held whole: the reply cap (32 MB by default) bounds what is read.
    expect(peak - baseline).toBeLessThan(200 * 1024 * 1024);
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
  });
});
