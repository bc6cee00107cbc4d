/** The session cookie's name (its own module so that proxy.ts imports nothing heavy). */
export const SESSION_COOKIE = "respawn_session";
