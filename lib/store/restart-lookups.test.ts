import { afterEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "./open-store";
import { getSeen, listSeen, listSeenOnHost, markSeen } from "./processes-seen";
import { countRecentRestarts, countRestartsSince, insertRestart } from "./restarts";

const HOUR = 3_600_000;
const NOW = 1_000 * HOUR;
let store: Store;
afterEach(() => store?.close());

/** A small seeded generator (mulberry32), so a failure names a reproducible case. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Row {
  process_id: string;
  at: number;
  exact: number;
}

/** A fleet of `n` processes on three hosts with restarts spread over two days, some in the future. */
function fleet(seed: number, n: number): string[] {
  const r = rng(seed);
  const ids = Array.from({ length: n }, (_, i) => `h${i % 3}:p${i}`);
  for (const [i, id] of ids.entries()) {
    if (r() < 0.1) continue; // never seen
    markSeen(store.db, { processId: id, hostId: `h${i % 3}`, manager: i % 2 ? "systemd" : "supervisord", name: `p${i}` }, NOW - 72 * HOUR);
    const restarts = Math.floor(r() * 8);
    for (let k = 0; k < restarts; k++) {
      const at = NOW - Math.floor(r() * 50 * HOUR) + (r() < 0.05 ? 2 * HOUR : 0);
      insertRestart(store.db, { processId: id, at, source: "poll", exact: r() < 0.5, pid: null, cause: "crash", ref: null });
    }
  }
  return ids;
}

/** What the counts must be, computed from every row without SQL aggregation. */
function expected(ids: readonly string[]): { recent: Map<string, unknown>; since: Map<string, number> } {
  const rows = store.db.prepare("SELECT process_id, at, exact FROM restarts").all() as Row[];
  const recent = new Map<string, { lastHour: number; last24h: number; inexactLastHour: number; inexactLast24h: number }>();
  const since = new Map<string, number>();
  for (const row of rows.filter((x) => ids.includes(x.process_id))) {
    if (row.at >= NOW - 10 * 60_000) since.set(row.process_id, (since.get(row.process_id) ?? 0) + 1);
    if (row.at < NOW - 24 * HOUR || row.at > NOW) continue;
    const c = recent.get(row.process_id) ?? { lastHour: 0, last24h: 0, inexactLastHour: 0, inexactLast24h: 0 };
    const inHour = row.at >= NOW - HOUR;
    c.last24h += 1;
    c.lastHour += inHour ? 1 : 0;
    c.inexactLast24h += row.exact ? 0 : 1;
    c.inexactLastHour += !row.exact && inHour ? 1 : 0;
    recent.set(row.process_id, c);
  }
  return { recent, since };
}

describe("restart counts looked up by process", () => {
  it("give, for any subset of the fleet, exactly the counts computed from every row", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      store = openStore(":memory:");
      const ids = fleet(seed, 60);
      const r = rng(seed * 7);
      for (const subset of [[ids[0]!], ids.filter(() => r() < 0.3), ids, ["never-seen", ids[5]!]]) {
        const want = expected(subset);
        expect(countRecentRestarts(store.db, subset, NOW), `seed ${seed}`).toEqual(want.recent);
        expect(countRestartsSince(store.db, NOW - 10 * 60_000, subset), `seed ${seed}`).toEqual(want.since);
      }
      expect(countRestartsSince(store.db, NOW - 10 * 60_000), `seed ${seed}`).toEqual(expected(ids).since);
      store.close();
    }
  });

  it("return the seen rows of the ids asked, and of one host's manager, as stored", () => {
    store = openStore(":memory:");
    const ids = fleet(9, 30);
    const wanted = [ids[1]!, ids[4]!, "never-seen", ids[7]!];
    const one = (id: string) => getSeen(store.db, id);
    expect(listSeen(store.db, wanted).sort((a, b) => a.processId.localeCompare(b.processId))).toEqual(
      wanted.map(one).filter((s) => s !== undefined).sort((a, b) => a.processId.localeCompare(b.processId)),
    );
    expect(listSeen(store.db, [])).toEqual([]);
    const onHost = listSeenOnHost(store.db, "h1", "systemd").map((s) => s.processId).sort();
    expect(onHost).toEqual(ids.filter((id, i) => i % 3 === 1 && i % 2 === 1 && one(id)).sort());
  });

  it("seek the indexes instead of scanning the tables", () => {
    store = openStore(":memory:");
    // Record the statements the lookups really prepare, then ask SQLite how it runs each.
    const sqls: string[] = [];
    const prepare = store.db.prepare.bind(store.db);
    store.db.prepare = ((sql: string) => (sqls.push(sql), prepare(sql))) as typeof store.db.prepare;
    listSeen(store.db, ["a"]);
    countRecentRestarts(store.db, ["a"], NOW);
    countRestartsSince(store.db, NOW, ["a"]);
    store.db.prepare = prepare;
    expect(sqls).toHaveLength(3);
    for (const sql of sqls) {
      const plan = store.db.prepare(`EXPLAIN QUERY PLAN ${sql.replace(/@\w+|\?/g, "NULL")}`).all() as Array<{ detail: string }>;
      const tables = plan.map((p) => p.detail).filter((d) => /processes_seen|restarts/.test(d));
      expect(tables.length, sql).toBeGreaterThan(0);
      for (const d of tables) expect(d, sql).toMatch(/^SEARCH (processes_seen|restarts) USING .*INDEX/);
    }
  });
});
