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

/** The largest request body any route reads (a manual incident of 2 000 long lines fits). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Reads a request body as text, refusing (413-free, INVALID) one over `limit` bytes without holding more. */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(limit: number): RespawnError {
  return new RespawnError("INVALID", `the request body is larger than ${Math.round(limit / 1024 / 1024)} MiB; nothing was done`);
}

/** Parses a JSON request body (at most MAX_BODY_BYTES) with a zod schema; a bad body is INVALID, never a 500. */
export async function parseBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  const text = await readBodyText(request);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new RespawnError("INVALID", "the request body must be JSON");
  }
  return schema.parse(raw);
}
