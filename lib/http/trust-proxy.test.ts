import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTrustList, installProxyTrust, isTrustedPeer } from "./trust-proxy";

let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((req, res) => res.end(JSON.stringify(req.headers)));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** The headers the server's handler saw for a request from 127.0.0.1 carrying forged forwarded headers. */
function seen(): Promise<Record<string, string>> {
  const headers = { "X-Forwarded-For": "6.6.6.6", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https", Forwarded: "for=6.6.6.6" };
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, headers }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve(JSON.parse(body) as Record<string, string>));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("trustProxy", () => {
  it("drops X-Forwarded-* from a client that is not a configured proxy, before any handler reads them", async () => {
    installProxyTrust([]);
    const h = await seen();
    for (const k of ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "forwarded"]) expect(h[k]).toBeUndefined();
    installProxyTrust(["10.0.0.0/8", "::1"]);
    expect((await seen())["x-forwarded-host"]).toBeUndefined();
  });

  it("keeps them from an address in trustProxy", async () => {
    installProxyTrust(["127.0.0.1"]);
    const h = await seen();
    expect(h).toMatchObject({ "x-forwarded-for": "6.6.6.6", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    installProxyTrust(["127.0.0.0/8"]);
    expect((await seen())["x-forwarded-for"]).toBe("6.6.6.6");
    installProxyTrust([]);
  });

  it("matches exact addresses, CIDR ranges and IPv4 written as IPv6", () => {
    const list = buildTrustList(["192.168.1.10", "10.0.0.0/8", "fd00::/8"]);
    expect(isTrustedPeer(list, "192.168.1.10")).toBe(true);
    expect(isTrustedPeer(list, "::ffff:10.2.3.4")).toBe(true);
    expect(isTrustedPeer(list, "fd12::1")).toBe(true);
    expect(isTrustedPeer(list, "192.168.1.11")).toBe(false);
    expect(isTrustedPeer(list, undefined)).toBe(false);
  });
});
