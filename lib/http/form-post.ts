import { z } from "zod";
import { toRespawnError } from "@/lib/util/errors";
import { NO_STORE, parseBody } from "./errors";
import { withBasePath } from "@/lib/util/base-path";

/**
 * Forms post here without script too (before hydration, or with script blocked): the same
 * route answers a form post with a 303 to a page, and shows the outcome there through a
 * short-lived cookie, so no password and no message ever travel in a URL.
 */
export const FLASH_COOKIE = "respawn_flash";
const FLASH_SECONDS = 60;

/** True for a browser's own form submission (urlencoded or multipart), not the JSON API. */
export function isFormPost(request: Request): boolean {
  const type = request.headers.get("content-type")?.toLowerCase() ?? "";
  return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
}

/** The request's fields, from a form post or a JSON body, through one schema: the same checks either way. */
export async function readFields<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  if (!isFormPost(request)) return parseBody(request, schema);
  const form = await request.formData();
  const fields: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === "string") fields[k] = v;
  return schema.parse(fields);
}

/** "web1, web2" as typed in a form field; empty means none (null). */
export const CommaList = z
  .string()
  .max(64_000)
  .transform((t) => (t.trim() ? t.split(",").map((h) => h.trim()).filter(Boolean) : null));

export interface Flash {
  kind: "error" | "ok";
  text: string;
}

/** A 303 to `to` (an app path, put under the base path here), carrying a message for that page and any cookies. */
export function seeOther(to: string, flash: Flash | null, cookies: string[] = []): Response {
  const headers = new Headers({ ...NO_STORE, Location: withBasePath(to) });
  for (const c of cookies) headers.append("Set-Cookie", c);
  if (flash) {
    const path = withBasePath(to.split("?")[0] ?? "/");
    const value = encodeURIComponent(JSON.stringify(flash).slice(0, 1000));
    headers.append("Set-Cookie", `${FLASH_COOKIE}=${value}; Path=${path}; Max-Age=${FLASH_SECONDS}; HttpOnly; SameSite=Strict`);
  }
  return new Response(null, { status: 303, headers });
}

/** Runs a form post's work; a failure goes back to `back` with its message instead of a JSON error. */
export async function answerForm(back: string, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (e) {
    const error =
      e instanceof z.ZodError ? `${e.issues[0]?.path.join(".") || "form"}: ${e.issues[0]?.message ?? "invalid"}` : toRespawnError(e, "FAULT").message;
    return seeOther(back, { kind: "error", text: error });
  }
}

/** The message a form post left for this page (read by the page's server component), or null. */
export function readFlash(value: string | undefined): Flash | null {
  if (!value) return null;
  try {
    const f = z.object({ kind: z.enum(["error", "ok"]), text: z.string().max(1000) }).parse(JSON.parse(decodeURIComponent(value)));
    return f;
  } catch {
    return null;
  }
}
