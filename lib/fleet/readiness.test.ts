import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RespawnConfig } from "@/lib/config/schema";
import type { Runtime } from "./instance";
import { checkReadiness } from "./readiness";

function runtime(dataDir: string, over: Partial<Runtime> = {}): Runtime {
  return {
    monitor: { isStarted: true },
    config: { config: RespawnConfig.parse({ dataDir }), path: null },
    startedAt: 0,
    shuttingDown: false,
    store: null,
    ...over,
  } as unknown as Runtime;
}

describe("readiness", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "respawn-ready-"));

  it("is ready with a writable data folder, a started monitor and no shutdown", () => {
    expect(checkReadiness(runtime(dir))).toMatchObject({ ready: true, checks: { store: true, monitor: true } });
    // A folder that does not exist yet is fine: the store creates it.
    expect(checkReadiness(runtime(path.join(dir, "later", "deeper"))).ready).toBe(true);
  });

  it("is not ready when the store cannot be written, naming why", () => {
    const file = path.join(dir, "a-file");
    writeFileSync(file, "");
    const r = checkReadiness(runtime(path.join(file, "sub")));
    expect(r).toMatchObject({ ready: false, checks: { store: false } });
    expect(r.storeError).toMatch(/not writable/);
    const closed = { db: { open: false, readonly: false }, close() {} };
    expect(checkReadiness(runtime(dir, { store: closed })).storeError).toBe("the store is closed");
  });

  it("drops as soon as shutdown begins, and before the monitor has started", () => {
    expect(checkReadiness(runtime(dir, { shuttingDown: true })).ready).toBe(false);
    expect(checkReadiness(runtime(dir, { monitor: { isStarted: false } as Runtime["monitor"] })).ready).toBe(false);
    expect(checkReadiness(undefined).ready).toBe(false);
  });
});
