/** The one error type of Respawn: every failure that crosses a module boundary is one of these. */
export const ERROR_CODES = [
  "UNREACHABLE", // the host or its socket does not answer (refused, missing, DNS, reset)
  "TIMEOUT", // the host did not answer within the deadline
  "AUTH", // credentials were refused (HTTP 401, SSH key, D-Bus access denied)
  "NOT_FOUND", // no such host, process, incident, share link
  "BAD_RESPONSE", // the host answered something we cannot parse or that is too large
  "FAULT", // the manager answered with a fault (supervisord fault, systemd D-Bus error, failed job)
  "UNAUTHENTICATED", // the caller is not signed in (no, expired or ended session): sign in again
  "FORBIDDEN", // the caller may not do this
  "RATE_LIMITED", // too many attempts (sign-in): wait and retry
  "CONFLICT", // the request is valid but the current state refuses it (e.g. already started)
  "INVALID", // the request or the configuration does not validate
  "UNAVAILABLE", // Respawn itself cannot do it now (shutting down, circuit open, store down)
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface RespawnErrorOptions {
  /** Host the error concerns, when there is one: shown to users ("host web-1: …"). */
  hostId?: string;
  /** Backend detail safe to show (fault string, D-Bus error name). Never a secret. */
  detail?: string;
  cause?: unknown;
}

// Next bundles instrumentation (where the monitor lives) and each route separately, so an error
// thrown by the monitor is an instance of another copy of this class: recognise it by a brand.
const BRAND = Symbol.for("respawn.RespawnError");

export class RespawnError extends Error {
  readonly [BRAND] = true;
  readonly code: ErrorCode;

  /** Makes `instanceof RespawnError` true for every bundle's copy of the class. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isRespawnError(value);
  }
  readonly hostId: string | undefined;
  readonly detail: string | undefined;

  constructor(code: ErrorCode, message: string, options: RespawnErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RespawnError";
    this.code = code;
    this.hostId = options.hostId;
    this.detail = options.detail;
  }

  /** A plain object safe to send to a browser or to log. */
  toJSON(): { code: ErrorCode; message: string; hostId?: string; detail?: string } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hostId ? { hostId: this.hostId } : {}),
      ...(this.detail ? { detail: this.detail } : {}),
    };
  }
}

export function isRespawnError(e: unknown): e is RespawnError {
  return typeof e === "object" && e !== null && (e as { [BRAND]?: unknown })[BRAND] === true;
}

/** Wraps anything thrown into a RespawnError, keeping one that already is. */
export function toRespawnError(e: unknown, fallback: ErrorCode = "BAD_RESPONSE", hostId?: string): RespawnError {
  if (isRespawnError(e)) return e;
  if (e instanceof Error && e.name === "AbortError") {
    return new RespawnError("TIMEOUT", "the call was aborted before the host answered", { hostId, cause: e });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new RespawnError(fallback, message, { hostId, cause: e });
}
