import { afterEach, describe, expect, it, vi } from "vitest";

// The build inlines RESPAWN_BUILT_BASE_PATH (next.config.ts); here it is set before the module loads.
async function loadWith(basePath: string | undefined) {
  vi.resetModules();
  if (basePath === undefined) delete process.env.RESPAWN_BUILT_BASE_PATH;
  else process.env.RESPAWN_BUILT_BASE_PATH = basePath;
  return import("./api");
}

afterEach(() => {
  delete process.env.RESPAWN_BUILT_BASE_PATH;
});

describe("apiUrl and appPath", () => {
  it("leave every path as it is at the root (the default build)", async () => {
    const { apiUrl, appPath } = await loadWith(undefined);
    expect(apiUrl("/api/fleet")).toBe("/api/fleet");
    expect(appPath("/p/abc")).toBe("/p/abc");
  });

  it("put the app's own paths under the sub-path, and take it off a browser location", async () => {
    const { apiUrl, appPath } = await loadWith("/respawn");
    expect(apiUrl("/api/events")).toBe("/respawn/api/events");
    expect(apiUrl("/login?next=%2F")).toBe("/respawn/login?next=%2F");
    expect(apiUrl("https://elsewhere.example/x")).toBe("https://elsewhere.example/x");
    expect(appPath("/respawn/p/abc")).toBe("/p/abc");
    expect(appPath("/respawn")).toBe("/");
    // Another app that only starts with the same letters is not under the base path.
    expect(appPath("/respawner/x")).toBe("/respawner/x");
  });
});
