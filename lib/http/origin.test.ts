import { afterEach, describe, expect, it } from "vitest";
import { checkSameOrigin } from "./origin";

const req = (headers: Record<string, string>) =>
  new Request("http://127.0.0.1:3000/api/actions", { method: "POST", headers: { host: "127.0.0.1:3000", ...headers } });

afterEach(() => {
  delete process.env.RESPAWN_ORIGIN;
});

describe("checkSameOrigin", () => {
  it("accepts the dashboard's own origin, over http or https behind a proxy", () => {
    expect(checkSameOrigin(req({ origin: "http://127.0.0.1:3000" }))).toBeNull();
    expect(checkSameOrigin(req({ origin: "https://127.0.0.1:3000", "sec-fetch-site": "same-origin" }))).toBeNull();
  });

  it("refuses another origin, Origin: null, a cross-site fetch and a request with no origin at all", () => {
    expect(checkSameOrigin(req({ origin: "http://evil.example" }))).toMatch(/foreign origin/);
    expect(checkSameOrigin(req({ origin: "http://127.0.0.1:3001" }))).toMatch(/foreign origin/);
    expect(checkSameOrigin(req({ origin: "null" }))).toMatch(/Origin: null/);
    expect(checkSameOrigin(req({ origin: "http://127.0.0.1:3000", "sec-fetch-site": "cross-site" }))).toMatch(/cross-site/);
    expect(checkSameOrigin(req({ "sec-fetch-site": "same-site" }))).toMatch(/same-site/);
    expect(checkSameOrigin(req({}))).toMatch(/no Origin/);
  });

  it("uses RESPAWN_ORIGIN instead of the Host header when set", () => {
    process.env.RESPAWN_ORIGIN = "https://respawn.example.com";
    expect(checkSameOrigin(req({ origin: "https://respawn.example.com" }))).toBeNull();
    expect(checkSameOrigin(req({ origin: "http://127.0.0.1:3000" }))).toMatch(/foreign origin/);
  });
});
