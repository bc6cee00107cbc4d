import { ROLES, type Role, type User } from "@/lib/store/users";

export { ROLES, type Role };

/** viewer < operator < admin. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** What the UI may offer a user; the server checks again on every request. */
export function capabilitiesOf(user: User): { control: boolean; share: boolean; admin: boolean } {
  return {
    control: roleAtLeast(user.role, "operator"),
    share: roleAtLeast(user.role, "operator"),
    admin: roleAtLeast(user.role, "admin"),
  };
}
