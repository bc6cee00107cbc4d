import { RespawnError } from "@/lib/util/errors";

const UNIT_TYPES = [
  "service",
  "socket",
  "target",
  "device",
  "mount",
  "automount",
  "swap",
  "timer",
  "path",
  "slice",
  "scope",
];

// systemd's unit-name alphabet (unit_name_is_valid): letters, digits, ":-_.\" and one "@".
const UNIT_NAME = new RegExp(`^[A-Za-z0-9:_.\\\\]+(@[A-Za-z0-9:_.\\\\]*)?\\.(${UNIT_TYPES.join("|")})$`);

/** True for a well-formed unit name that cannot be read as an option or a path. */
export function isValidUnitName(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  if (name.startsWith("-") || name.includes("/")) return false;
  return UNIT_NAME.test(name.replace(/-/g, "_"));
}

/** Throws INVALID unless `name` is a unit name systemd would accept (no leading '-', no '/'). */
export function assertUnitName(name: string): string {
  if (!isValidUnitName(name)) {
    throw new RespawnError("INVALID", `"${name.slice(0, 80)}" is not a valid systemd unit name`);
  }
  return name;
}
