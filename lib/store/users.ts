import type { Db } from "./open-store";
import { stmt } from "./statements";

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** A local user as the rest of Respawn sees it: never with its password hash. */
export interface User {
  id: number;
  name: string;
  role: Role;
  /** Host ids this user is limited to; null = every host. */
  hosts: string[] | null;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: number;
  name: string;
  role: Role;
  password_hash: string;
  hosts: string | null;
  disabled: number;
  created_at: number;
  updated_at: number;
}

function toUser(r: Row): User {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    hosts: r.hosts === null ? null : (JSON.parse(r.hosts) as string[]),
    disabled: r.disabled !== 0,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function countUsers(db: Db): number {
  return (stmt(db, "SELECT COUNT(*) AS n FROM users").get() as { n: number }).n;
}

export function listUsers(db: Db): User[] {
  return (stmt(db, "SELECT * FROM users ORDER BY name").all() as Row[]).map(toUser);
}

export function getUserById(db: Db, id: number): User | undefined {
  const r = stmt(db, "SELECT * FROM users WHERE id = ?").get(id) as Row | undefined;
  return r && toUser(r);
}

/** The user and its password hash, for sign-in only. Names compare case-insensitively. */
export function getUserCredentials(db: Db, name: string): { user: User; passwordHash: string } | undefined {
  const r = stmt(db, "SELECT * FROM users WHERE name = ?").get(name) as Row | undefined;
  return r && { user: toUser(r), passwordHash: r.password_hash };
}

export function getPasswordHash(db: Db, id: number): string | undefined {
  const r = stmt(db, "SELECT password_hash FROM users WHERE id = ?").get(id) as { password_hash: string } | undefined;
  return r?.password_hash;
}

export interface NewUser {
  name: string;
  role: Role;
  passwordHash: string;
  hosts: string[] | null;
}

/** Inserts a user; a taken name throws SQLITE_CONSTRAINT_UNIQUE (the caller maps it). */
export function insertUser(db: Db, u: NewUser, at: number): User {
  const info = stmt(
    db,
    `INSERT INTO users (name, role, password_hash, hosts, disabled, created_at, updated_at)
     VALUES (?, ?, ?, ?, 0, ?, ?)`,
  ).run(u.name, u.role, u.passwordHash, u.hosts === null ? null : JSON.stringify(u.hosts), at, at);
  return getUserById(db, Number(info.lastInsertRowid))!;
}

export interface UserChanges {
  role?: Role;
  hosts?: string[] | null;
  disabled?: boolean;
  passwordHash?: string;
}

/** Applies the given changes; returns the updated user, or undefined when there is no such user. */
export function updateUser(db: Db, id: number, c: UserChanges, at: number): User | undefined {
  stmt(
    db,
    `UPDATE users SET
       role = COALESCE(@role, role),
       hosts = CASE WHEN @setHosts = 1 THEN @hosts ELSE hosts END,
       disabled = COALESCE(@disabled, disabled),
       password_hash = COALESCE(@passwordHash, password_hash),
       updated_at = @at
     WHERE id = @id`,
  ).run({
    id,
    at,
    role: c.role ?? null,
    setHosts: c.hosts === undefined ? 0 : 1,
    hosts: c.hosts === undefined || c.hosts === null ? null : JSON.stringify(c.hosts),
    disabled: c.disabled === undefined ? null : c.disabled ? 1 : 0,
    passwordHash: c.passwordHash ?? null,
  });
  return getUserById(db, id);
}

export function countActiveAdmins(db: Db): number {
  return (stmt(db, "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled = 0").get() as { n: number }).n;
}
