import { appendAudit } from "@/lib/audit/append";
import type { Db } from "@/lib/store/open-store";
import { deleteUserSessions } from "@/lib/store/sessions";
import {
  countActiveAdmins,
  getPasswordHash,
  getUserById,
  insertUser,
  updateUser,
  type Role,
  type User,
} from "@/lib/store/users";
import { HOST_ID_PATTERN } from "@/lib/util/ids";
import { RespawnError } from "@/lib/util/errors";
import { checkPasswordStrength, hashPassword, verifyPassword } from "./password";

export const USER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** Who makes a change, for the audit log. */
export interface Actor {
  name: string;
  address?: string | null;
}

function assertPassword(password: string, name: string): void {
  const weak = checkPasswordStrength(password, name);
  if (weak) throw new RespawnError("INVALID", weak);
}

function assertHosts(hosts: string[] | null): void {
  if (hosts && hosts.some((h) => !HOST_ID_PATTERN.test(h))) throw new RespawnError("INVALID", "hosts: not a host id");
}

export interface CreateUserInput {
  name: string;
  role: Role;
  password: string;
  hosts?: string[] | null;
}

/** Creates a local user (audited as user.create). A taken name is CONFLICT. */
export async function createUser(db: Db, input: CreateUserInput, actor: Actor): Promise<User> {
  if (!USER_NAME_PATTERN.test(input.name)) {
    throw new RespawnError("INVALID", "a user name is 1–64 letters, digits, '.', '_', '@' or '-'");
  }
  assertPassword(input.password, input.name);
  assertHosts(input.hosts ?? null);
  const passwordHash = await hashPassword(input.password);
  try {
    const user = insertUser(db, { name: input.name, role: input.role, passwordHash, hosts: input.hosts ?? null }, Date.now());
    const detail = `role ${user.role}${user.hosts ? `; hosts ${user.hosts.join(", ")}` : ""}`;
    appendAudit(db, { actor: actor.name, address: actor.address, action: "user.create", target: user.name, result: "ok", detail });
    return user;
  } catch (e) {
    if (typeof e === "object" && e !== null && "code" in e && String(e.code).startsWith("SQLITE_CONSTRAINT")) {
      throw new RespawnError("CONFLICT", "a user with this name exists");
    }
    throw e;
  }
}

export interface UserUpdate {
  role?: Role;
  hosts?: string[] | null;
  disabled?: boolean;
  /** A new password set by an admin. */
  password?: string;
}

/**
 * Changes a user as an admin. Any change of role, hosts, password or disabling ends that user's
 * sessions, so the change applies at their next request. The last active admin cannot be removed.
 */
export async function updateUserAsAdmin(db: Db, id: number, change: UserUpdate, actor: Actor): Promise<User> {
  const before = getUserById(db, id);
  if (!before) throw new RespawnError("NOT_FOUND", "no such user");
  if (change.password !== undefined) assertPassword(change.password, before.name);
  if (change.hosts !== undefined) assertHosts(change.hosts);
  const losesAdmin = before.role === "admin" && !before.disabled && ((change.role && change.role !== "admin") || change.disabled);
  if (losesAdmin && countActiveAdmins(db) <= 1) throw new RespawnError("CONFLICT", "the last admin cannot be demoted or disabled");
  const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
  const user = db.transaction(() => {
    const u = updateUser(db, id, { role: change.role, hosts: change.hosts, disabled: change.disabled, passwordHash }, Date.now())!;
    deleteUserSessions(db, id);
    appendAudit(db, { actor: actor.name, address: actor.address, action: "user.update", target: u.name, result: "ok", detail: describeChange(change) });
    return u;
  })();
  return user;
}

function describeChange(c: UserUpdate): string {
  const parts: string[] = [];
  if (c.role) parts.push(`role ${c.role}`);
  if (c.hosts !== undefined) parts.push(c.hosts ? `hosts ${c.hosts.join(", ")}` : "all hosts");
  if (c.disabled !== undefined) parts.push(c.disabled ? "disabled" : "enabled");
  if (c.password !== undefined) parts.push("password reset");
  return parts.join("; ") || "no change";
}

/**
 * A user changes their own password: the current one is checked, and every other session of
 * theirs ends (the one making the change stays signed in).
 */
export async function changeOwnPassword(
  db: Db,
  user: User,
  current: string,
  next: string,
  keepTokenHash: string,
  address: string | null,
): Promise<void> {
  const stored = getPasswordHash(db, user.id);
  if (!stored || !(await verifyPassword(current, stored))) {
    appendAudit(db, { actor: user.name, address, action: "user.password", target: user.name, result: "failed", detail: "current password wrong" });
    throw new RespawnError("FORBIDDEN", "the current password is wrong");
  }
  assertPassword(next, user.name);
  const passwordHash = await hashPassword(next);
  db.transaction(() => {
    updateUser(db, user.id, { passwordHash }, Date.now());
    deleteUserSessions(db, user.id, keepTokenHash);
    appendAudit(db, { actor: user.name, address, action: "user.password", target: user.name, result: "ok" });
  })();
}
