import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "@/lib/store/open-store";
import { insertAudit, queryAudit } from "@/lib/store/audit";
import { getUserCredentials } from "@/lib/store/users";
import { hashPassword, verifyDummyPassword, verifyPassword } from "./password";
import { createSession, hashToken, resolveSession, sessionIdleMs } from "./sessions";
import { changeOwnPassword, createUser, updateUserAsAdmin } from "./users";

let store: Store;
beforeEach(() => {
  store = openStore(":memory:");
});
afterEach(() => store.close());

const cli = { name: "cli" };
// Each scrypt hash at OWASP cost takes ~0.3 s of one core by design; on a loaded 2-core machine a
// test that hashes several needs more than vitest's default 5 s.
const SCRYPT_TIMEOUT = { timeout: 60_000 };

describe("passwords", SCRYPT_TIMEOUT, () => {
  it("are scrypt hashes at OWASP cost that verify only the right password", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(hash).not.toContain("correct");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
    expect(await verifyDummyPassword("anything")).toBe(false);
  });
});

describe("sessions", SCRYPT_TIMEOUT, () => {
  it("are stored as SHA-256 hashes only, and die when idle, at their absolute end, or when the user is disabled", async () => {
    const user = await createUser(store.db, { name: "ann", role: "operator", password: "a-long-password-1" }, cli);
    const token = createSession(store.db, user.id, null, 1_000);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = store.db.prepare("SELECT token_hash FROM sessions").get() as { token_hash: string };
    expect(row.token_hash).toBe(hashToken(token));
    expect(resolveSession(store.db, token, 2_000)?.user.name).toBe("ann");
    expect(resolveSession(store.db, token, 2_000 + sessionIdleMs())).toBeNull();
    const again = createSession(store.db, user.id, null, 10_000);
    await updateUserAsAdmin(store.db, user.id, { disabled: true }, cli);
    expect(resolveSession(store.db, again, 10_001)).toBeNull();
  });

  it("of a user end when they change their password, except the one that changed it", async () => {
    const user = await createUser(store.db, { name: "bob", role: "viewer", password: "a-long-password-1" }, cli);
    const keep = createSession(store.db, user.id, null);
    const other = createSession(store.db, user.id, null);
    await changeOwnPassword(store.db, user, "a-long-password-1", "another-long-pw-2", hashToken(keep), null);
    expect(resolveSession(store.db, keep)).not.toBeNull();
    expect(resolveSession(store.db, other)).toBeNull();
    expect(await verifyPassword("another-long-pw-2", getUserCredentials(store.db, "BOB")!.passwordHash)).toBe(true);
  });
});

describe("users", SCRYPT_TIMEOUT, () => {
  it("refuse weak passwords, taken names, and losing the last admin", async () => {
    await expect(createUser(store.db, { name: "c", role: "admin", password: "short" }, cli)).rejects.toMatchObject({ code: "INVALID" });
    const admin = await createUser(store.db, { name: "root", role: "admin", password: "a-long-password-1" }, cli);
    await expect(createUser(store.db, { name: "ROOT", role: "viewer", password: "a-long-password-1" }, cli)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(updateUserAsAdmin(store.db, admin.id, { role: "viewer" }, cli)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(updateUserAsAdmin(store.db, admin.id, { disabled: true }, cli)).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("the audit log", () => {
  it("is append-only and filters by actor, action prefix, target and time", () => {
    const base = { target: "web-1/supervisord/web", result: "ok", detail: null, address: null };
    insertAudit(store.db, { ...base, at: 1, actor: "ann", action: "process.restart" });
    insertAudit(store.db, { ...base, at: 2, actor: "bob", action: "auth.sign-in" });
    insertAudit(store.db, { ...base, at: 3, actor: "ann", action: "process.stop", target: "web-2/systemd/x" });
    expect(() => store.db.prepare("UPDATE audit SET result = 'failed'").run()).toThrow(/append-only/);
    expect(queryAudit(store.db, { actor: "ANN", limit: 10 }).map((e) => e.at)).toEqual([3, 1]);
    expect(queryAudit(store.db, { action: "process", limit: 10 })).toHaveLength(2);
    expect(queryAudit(store.db, { target: "web-2", limit: 10 })).toHaveLength(1);
    expect(queryAudit(store.db, { from: 2, to: 2, limit: 10 })[0]?.actor).toBe("bob");
  });
});

describe("password hashing under a flood", SCRYPT_TIMEOUT, () => {
  it("runs a bounded number at once and still answers every queued check", async () => {
    const hash = await hashPassword("correct horse battery");
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => verifyPassword(i === 0 ? "correct horse battery" : `x${i}`, hash)));
    expect(results).toEqual([true, false, false, false, false, false]);
  });
});
