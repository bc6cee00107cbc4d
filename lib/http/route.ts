import { recordAudit } from "@/lib/audit/record";
import { recordRefused } from "@/lib/audit/refused";
import { authenticate, clientAddress } from "@/lib/auth/request";
import { roleAtLeast, type Role } from "@/lib/auth/roles";
import type { ActiveSession } from "@/lib/auth/sessions";
import type { User } from "@/lib/store/users";
import { RespawnError } from "@/lib/util/errors";
import { errorResponse, NO_STORE } from "./errors";
import { checkSameOrigin, isSafeMethod } from "./origin";

export interface RouteContext<P> {
  request: Request;
  params: P;
  user: User;
  session: ActiveSession;
  address: string | null;
  /** Appends to the audit log with this user as actor; returns when it is stored. */
  audit(entry: { action: string; target?: string | null; result: string; detail?: string | null }): void;
}

export interface RouteOptions {
  /** The least role allowed to call this route. */
  role: Role;
}

type Handler<P> = (ctx: RouteContext<P>) => Promise<Response> | Response;

const pathOf = (request: Request) => new URL(request.url).pathname;

/**
 * Wraps a route handler: refuses a cross-site state-changing request (audited, nothing runs),
 * answers 401 without a valid session and 403 below `role` (audited), then runs `handler`.
 * Any error thrown becomes the API's error shape.
 */
export function withRoute<P = Record<string, string>>(options: RouteOptions, handler: Handler<P>) {
  return async (request: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      const address = clientAddress(request);
      const target = `${request.method} ${pathOf(request)}`;
      if (!isSafeMethod(request.method)) {
        const refused = checkSameOrigin(request);
        if (refused) {
          const actor = safeAuthenticate(request)?.user.name ?? "anonymous";
          recordRefused({ actor, action: "request.refused", target, result: "denied", detail: refused, address });
          throw new RespawnError("FORBIDDEN", "cross-site request refused");
        }
      }
      const session = authenticate(request);
      if (!session) throw new RespawnError("UNAUTHENTICATED", "sign in first");
      const { user } = session;
      if (!roleAtLeast(user.role, options.role)) {
        recordAudit({ actor: user.name, action: "request.denied", target, result: "denied", detail: `needs ${options.role}`, address });
        throw new RespawnError("FORBIDDEN", `this needs the ${options.role} role`);
      }
      const audit: RouteContext<P>["audit"] = (e) => recordAudit({ actor: user.name, address, ...e });
      return await handler({ request, params: await ctx.params, user, session, address, audit });
    } catch (e) {
      return errorResponse(e);
    }
  };
}

function safeAuthenticate(request: Request) {
  try {
    return authenticate(request);
  } catch {
    return null;
  }
}

/**
 * The GET handler of an action URL: a link or prefetch must never act. Answers 405 (audited), or
 * 401 without a session like every other private URL.
 */
export function refuseGet(request: Request): Response {
  try {
    const actor = authenticate(request)?.user.name;
    if (!actor) throw new RespawnError("UNAUTHENTICATED", "sign in first");
    recordRefused({
      actor,
      action: "request.refused",
      target: `GET ${pathOf(request)}`,
      result: "denied",
      detail: "GET to an action URL",
      address: clientAddress(request),
    });
  } catch (e) {
    return errorResponse(e);
  }
  return Response.json(
    { error: { code: "INVALID", message: "this URL only accepts POST" } },
    { status: 405, headers: { ...NO_STORE, Allow: "POST" } },
  );
}

/**
 * Wraps a state-changing route that needs no session (sign-in, first-admin setup): the same
 * cross-site refusal as withRoute, audited, then `handler`.
 */
export function withPublicAction(handler: (request: Request, address: string | null) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      const address = clientAddress(request);
      const refused = checkSameOrigin(request);
      if (refused) {
        const target = `${request.method} ${pathOf(request)}`;
        recordRefused({ actor: "anonymous", action: "request.refused", target, result: "denied", detail: refused, address });
        throw new RespawnError("FORBIDDEN", "cross-site request refused");
      }
      return await handler(request, address);
    } catch (e) {
      return errorResponse(e);
    }
  };
}
