import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MIGRATIONS } from "@/lib/store/migrations";
import { openStore } from "@/lib/store/open-store";
import { markSeen, getSeen } from "@/lib/store/processes-seen";
import { insertRestart } from "@/lib/store/restarts";
import { startRetention } from "@/lib/store/retention";
import { insertTransition, listTransitions } from "@/lib/store/transitions";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "respawn-store-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const key = { processId: "p1", hostId: "h", manager: "systemd" as const, name: "a.service" };
function row(at: number) {
  return {
    ...key,
    fromState: "running",
    toState: "crashed",
    rawState: "failed",
    at,
    exitStatus: 1,
    signal: null,
    pid: 42,
    cause: "crash" as const,
    actor: null,
    source: "signal" as const,
  };
}

describe("the store file", () => {
  it("applies each migration once, in WAL mode, and records it", () => {
    const file = path.join(dir, "nested", "respawn.db");
    const first = openStore(file);
    expect(first.migrated).toEqual(MIGRATIONS.map((m) => m.version));
    expect(first.db.pragma("journal_mode", { simple: true })).toBe("wal");
    first.close();
    const second = openStore(file);
    expect(second.migrated).toEqual([]);
    const rows = second.db.prepare("SELECT version, name FROM schema_migrations").all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    second.close();
  });

  it("keeps timelines and totals across closing and reopening", () => {
    const file = path.join(dir, "respawn.db");
    const a = openStore(file);
    markSeen(a.db, key, 10);
    insertTransition(a.db, row(20));
    insertRestart(a.db, { processId: "p1", at: 20, source: "signal", exact: true, pid: 42, cause: "crash", ref: null });
    a.close();
    const b = openStore(file);
    expect(listTransitions(b.db, "p1").items).toMatchObject([{ toState: "crashed", exitStatus: 1, pid: 42 }]);
    expect(getSeen(b.db, "p1")).toMatchObject({ firstSeenAt: 10, restartsTotal: 1 });
    b.close();
  });

  it("refuses a file written by a newer schema instead of corrupting it", () => {
    const file = path.join(dir, "respawn.db");
    openStore(file).close();
    const raw = new Database(file);
    raw.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)").run();
    raw.close();
    expect(() => openStore(file)).toThrow(/newer Respawn/);
  });
});

describe("retention", () => {
  it("prunes rows older than the retention in batches and keeps the rest and the totals", async () => {
    const store = openStore(path.join(dir, "respawn.db"));
    const day = 86_400_000;
    const now = 100 * day;
    markSeen(store.db, key, 0);
    const insertMany = store.db.transaction(() => {
      for (let i = 0; i < 2_500; i++) {
        insertTransition(store.db, row(now - 40 * day + i));
        insertRestart(store.db, { processId: "p1", at: now - 40 * day + i, source: "poll", exact: false, pid: null, cause: "crash", ref: null });
      }
      insertTransition(store.db, row(now - day));
    });
    insertMany();
    const task = startRetention(store.db, { retentionMs: 30 * day, batchSize: 1_000 });
    const removed = await task.runOnce(now);
    task.stop();
    expect(removed).toBe(5_000);
    expect(listTransitions(store.db, "p1").items.map((t) => t.at)).toEqual([now - day]);
    expect(getSeen(store.db, "p1")?.restartsTotal).toBe(2_500);
    store.close();
  });
});
