import { z } from "zod";
import { isRespawnError, RespawnError, toRespawnError, type ErrorCode } from "@/lib/util/errors";

const STATUS: Record<ErrorCode, number> = {
  INVALID: 400,
  AUTH: 502,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNREACHABLE: 502,
  BAD_RESPONSE: 502,
  FAULT: 502,
  TIMEOUT: 504,
  UNAVAILABLE: 503,
};

/** Turns anything thrown in a route into the API's one error shape and its HTTP status. */
export function errorResponse(e: unknown): Response {
  const error =
    e instanceof z.ZodError
      ? new RespawnError("INVALID", e.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "))
      : toRespawnError(e, "FAULT");
  if (!isRespawnError(e) && !(e instanceof z.ZodError)) {
    console.error("respawn: unexpected error in a route:", error.message);
  }
  return Response.json({ error: error.toJSON() }, { status: STATUS[error.code], headers: NO_STORE });
}

export const NO_STORE = { "Cache-Control": "no-store" } as const;

/** JSON response that no cache keeps. */
export function json(body: unknown, init: ResponseInit = {}): Response {
  return Response.json(body, { ...init, headers: { ...NO_STORE, ...(init.headers ?? {}) } });
}

/** Parses a JSON request body with a zod schema; a bad body is INVALID, never a 500. */
export async function parseBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    throw new RespawnError("INVALID", "the request body must be JSON");
  }
  return schema.parse(raw);
}
