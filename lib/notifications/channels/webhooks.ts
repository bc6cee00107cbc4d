import type { ChannelConfig } from "../config";
import type { Channel, NotificationEvent } from "../types";
import { postTo, resolveUrl } from "./http";

type Cfg<K extends ChannelConfig["kind"]> = Extract<ChannelConfig, { kind: K }>;

/** The text line chat tools show. */
export function eventText(e: NotificationEvent): string {
  return [`${e.test ? "[test] " : ""}Respawn: ${e.title}`, e.detail, e.link].filter(Boolean).join("\n");
}

/** Generic JSON webhook: the event as it is, for scripts and automation. */
export function webhookChannel(c: Cfg<"webhook">, env: NodeJS.ProcessEnv): Channel {
  return {
    id: c.id,
    kind: c.kind,
    send: (e, signal) =>
      postTo(resolveUrl(c, env), { headers: { "Content-Type": "application/json" }, body: JSON.stringify({ source: "respawn", ...e, at: new Date(e.at).toISOString() }) }, signal),
  };
}

/** Slack-compatible `{ text }`, which Mattermost, Rocket.Chat and Teams workflows accept too. */
export function slackChannel(c: Cfg<"slack">, env: NodeJS.ProcessEnv): Channel {
  return {
    id: c.id,
    kind: c.kind,
    send: (e, signal) => postTo(resolveUrl(c, env), { headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text: eventText(e) }) }, signal),
  };
}

const NTFY_TAGS: Record<NotificationEvent["kind"], string> = { "gave-up": "rotating_light", flapping: "warning", "host-down": "red_circle", recovered: "white_check_mark" };

/** ntfy (and compatible) push: the topic URL, plain text body, title, tags and priority as headers. */
export function ntfyChannel(c: Cfg<"ntfy">, env: NodeJS.ProcessEnv): Channel {
  return {
    id: c.id,
    kind: c.kind,
    send(e, signal) {
      const headers: Record<string, string> = {
        "Content-Type": "text/plain; charset=utf-8",
        Title: asciiHeader(`Respawn: ${e.title}`),
        Tags: NTFY_TAGS[e.kind],
        Priority: String(c.priority ?? (e.kind === "gave-up" || e.kind === "host-down" ? 4 : 3)),
      };
      if (e.link?.startsWith("http")) headers.Click = e.link;
      const token = c.tokenEnv ? env[c.tokenEnv] : undefined;
      if (token) headers.Authorization = `Bearer ${token}`;
      return postTo(resolveUrl(c, env), { headers, body: [e.detail ?? e.title, e.test ? "(test)" : ""].filter(Boolean).join("\n") }, signal);
    },
  };
}

/** HTTP header values are bytes; ntfy reads UTF-8 only from RFC 2047, so keep it plain. */
function asciiHeader(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, "?").slice(0, 250);
}
