import { z } from "zod";

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");
const httpUrl = z.url({ protocol: /^https?$/ });
const id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "lowercase letters, digits, - and _");

export const NOTIFICATION_EVENTS = ["gave-up", "flapping", "host-down", "recovered"] as const;
export type NotificationEventKind = (typeof NOTIFICATION_EVENTS)[number];

/** A URL inline, or (better: it is often a secret) by environment variable name. */
const urlFields = { url: httpUrl.optional(), urlEnv: envName.optional() };
const oneUrl = (c: { url?: string; urlEnv?: string }) => Boolean(c.url) !== Boolean(c.urlEnv);
const common = { id, timeoutMs: z.number().int().min(100).max(60_000).default(10_000) };

export const ChannelConfig = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("webhook"), ...common, ...urlFields }).strict().refine(oneUrl, "give exactly one of url and urlEnv"),
  z.object({ kind: z.literal("slack"), ...common, ...urlFields }).strict().refine(oneUrl, "give exactly one of url and urlEnv"),
  z
    .object({
      kind: z.literal("ntfy"),
      ...common,
      ...urlFields,
      /** Bearer token of a protected topic, by environment variable name. */
      tokenEnv: envName.optional(),
      priority: z.number().int().min(1).max(5).optional(),
    })
    .strict()
    .refine(oneUrl, "give exactly one of url and urlEnv"),
  z
    .object({
      kind: z.literal("email"),
      ...common,
      smtp: z
        .object({
          host: z.string().min(1),
          port: z.number().int().min(1).max(65_535).default(587),
          /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
          secure: z.boolean().default(false),
          /** Refuse to send without TLS (STARTTLS). */
          requireTls: z.boolean().default(false),
          username: z.string().min(1).optional(),
          passwordEnv: envName.optional(),
        })
        .strict(),
      from: z.string().min(3),
      to: z.array(z.string().min(3)).min(1),
    })
    .strict(),
]);
export type ChannelConfig = z.infer<typeof ChannelConfig>;

export const RouteConfig = z
  .object({
    channels: z.array(id).min(1),
    /** Events that take this route; all when absent. */
    events: z.array(z.enum(NOTIFICATION_EVENTS)).min(1).optional(),
    /** Host ids; all when absent. */
    hosts: z.array(z.string().min(1)).min(1).optional(),
    managers: z.array(z.enum(["supervisord", "systemd"])).min(1).optional(),
  })
  .strict();
export type RouteConfig = z.infer<typeof RouteConfig>;

/** `notifications:` in config.yaml (docs/CONFIG.md). */
export const NotificationsConfig = z
  .object({
    channels: z.array(ChannelConfig).default([]),
    routes: z.array(RouteConfig).default([]),
    retry: z
      .object({
        /** Attempts in all, the first included. */
        attempts: z.number().int().min(1).max(20).default(5),
        initialDelayMs: z.number().int().min(10).max(600_000).default(2_000),
        maxDelayMs: z.number().int().min(10).max(3_600_000).default(300_000),
      })
      .strict()
      .default({ attempts: 5, initialDelayMs: 2_000, maxDelayMs: 300_000 }),
  })
  .strict()
  .superRefine((n, ctx) => {
    const ids = new Set<string>();
    n.channels.forEach((c, i) => {
      if (ids.has(c.id)) ctx.addIssue({ code: "custom", path: ["channels", i, "id"], message: `duplicate channel id "${c.id}"` });
      ids.add(c.id);
    });
    n.routes.forEach((r, i) =>
      r.channels.forEach((c, j) => {
        if (!ids.has(c)) ctx.addIssue({ code: "custom", path: ["routes", i, "channels", j], message: `no channel "${c}"` });
      }),
    );
  });
export type NotificationsConfig = z.infer<typeof NotificationsConfig>;
