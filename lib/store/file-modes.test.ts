import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "./open-store";

const roots: string[] = [];
const stores: Store[] = [];
const savedUmask = process.umask();

function root(): string {
  const d = mkdtempSync(path.join(tmpdir(), "respawn-modes-"));
  roots.push(d);
  return d;
}

const mode = (f: string) => statSync(f).mode & 0o777;

afterEach(() => {
  process.umask(savedUmask);
  for (const s of stores.splice(0)) s.close();
  for (const d of roots.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("store file modes", () => {
  it.each(["000", "022"])("creates the folder 0700 and respawn.db, -wal and -shm 0600 under umask %s", (umask) => {
    process.umask(parseInt(umask, 8));
    const file = path.join(root(), "data", "respawn.db");
    const warned: string[] = [];
    const store = openStore(file, { warn: (l) => warned.push(l) });
    stores.push(store);
    store.db.exec("CREATE TABLE IF NOT EXISTS t (x)");
    store.db.prepare("INSERT INTO t VALUES (1)").run();
    expect(mode(path.dirname(file))).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect([f, mode(f)]).toEqual([f, 0o600]);
    expect(warned).toEqual([]);
  });

  it("warns at start, naming each one, when an existing folder or file is wider, and leaves it as it is", () => {
    const dir = path.join(root(), "old");
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const file = path.join(dir, "respawn.db");
    writeFileSync(file, "");
    chmodSync(file, 0o644);
    const warned: string[] = [];
    stores.push(openStore(file, { warn: (l) => warned.push(l) }));
    expect(warned.join("\n")).toContain(`the store folder ${dir} is 0755`);
    expect(warned.join("\n")).toContain(`${file} is 0644: it holds password and session hashes; run chmod 600 ${file}`);
    expect(mode(file)).toBe(0o644);
  });
});
