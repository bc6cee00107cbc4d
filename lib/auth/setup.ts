import { randomBytes, timingSafeEqual } from "node:crypto";
import { countUsers } from "@/lib/store/users";
import { withBasePath } from "@/lib/util/base-path";
import { getAuthDb } from "./db";
import { hashToken } from "./sessions";

const SETUP_TTL_MS = 60 * 60_000;

// The one-time link lives in memory only: a restart without users prints a new one.
const slot = globalThis as typeof globalThis & { __respawnSetup?: { tokenHash: string; expiresAt: number } | null };

/** At start with no users: prints a single-use link that creates the first admin. */
export function announceSetup(): void {
  if (countUsers(getAuthDb()) > 0) return;
  const token = randomBytes(32).toString("base64url");
  slot.__respawnSetup = { tokenHash: hashToken(token), expiresAt: Date.now() + SETUP_TTL_MS };
  console.log(
    [
      "respawn: no users yet. Create the first admin within 1 hour by opening, on this dashboard,",
      `respawn:   ${withBasePath(`/setup/${token}`)}`,
      "respawn: or run: respawn user add --role admin --generate NAME",
    ].join("\n"),
  );
}

/** Whether a setup token is the valid, unused, unexpired one (and there are still no users). */
export function isSetupTokenValid(token: string): boolean {
  const s = slot.__respawnSetup;
  if (!s || s.expiresAt <= Date.now() || countUsers(getAuthDb()) > 0) return false;
  const a = Buffer.from(hashToken(token), "hex");
  const b = Buffer.from(s.tokenHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Uses the setup token up: true once, for the caller that may create the first admin. */
export function consumeSetupToken(token: string): boolean {
  if (!isSetupTokenValid(token)) return false;
  slot.__respawnSetup = null;
  return true;
}
