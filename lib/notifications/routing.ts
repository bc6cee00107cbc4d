import type { RouteConfig } from "./config";
import type { NotificationEvent } from "./types";

/** The channel ids the event is routed to, each once, in route order. */
export function routeEvent(routes: readonly RouteConfig[], e: Pick<NotificationEvent, "kind" | "hostId" | "manager">): string[] {
  const out = new Set<string>();
  for (const r of routes) {
    if (r.events && !r.events.includes(e.kind)) continue;
    if (r.hosts && !r.hosts.includes(e.hostId)) continue;
    if (r.managers && !r.managers.includes(e.manager)) continue;
    for (const c of r.channels) out.add(c);
  }
  return [...out];
}
