import { z } from "zod";
import { HOST_ID_PATTERN } from "@/lib/util/ids";
import { NotificationsConfig } from "@/lib/notifications/config";

/** A secret given either inline or, better, by the name of an environment variable. */
const SecretRef = z
  .object({
    password: z.string().min(1).optional(),
    passwordEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name")
      .optional(),
  })
  .refine((v) => !(v.password && v.passwordEnv), {
    message: "give either password or passwordEnv, not both",
  });

export const SupervisordEndpoint = z
  .object({
    /** Unix socket path of supervisord's [unix_http_server]. */
    socket: z.string().startsWith("/", "must be an absolute path").optional(),
    /** http(s) URL of supervisord's [inet_http_server], e.g. http://10.0.0.5:9001/RPC2 */
    url: z
      .url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" })
      .refine((u) => !new URL(u).username && !new URL(u).password, {
        message: "put credentials in username/password(Env), not in the URL",
      })
      .optional(),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    passwordEnv: SecretRef.shape.passwordEnv,
    /** Deadline of each call in ms. */
    timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
    /** Largest reply accepted, in bytes. */
    maxResponseBytes: z
      .number()
      .int()
      .min(64 * 1024)
      .max(512 * 1024 * 1024)
      .default(32 * 1024 * 1024),
    /** Poll interval in ms; omitted = adaptive to the number of programs (1 s for small hosts). */
    pollIntervalMs: z.number().int().min(200).max(600_000).optional(),
    /** Environment variable holding the token Respawn's event listener on this host sends. */
    listenerTokenEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name")
      .optional(),
  })
  .strict()
  .refine((v) => Boolean(v.socket) !== Boolean(v.url), {
    message: "give exactly one of socket or url",
  })
  .refine((v) => !(v.password && v.passwordEnv), {
    message: "give either password or passwordEnv, not both",
  });
export type SupervisordEndpoint = z.infer<typeof SupervisordEndpoint>;

export const SshTarget = z
  .object({
    host: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9.:_-]*$/, "must be a host name or address (no leading '-')"),
    user: z
      .string()
      .regex(/^[a-z_][a-z0-9_.-]*$/i, "must be a user name")
      .optional(),
    port: z.number().int().min(1).max(65535).default(22),
    keyFile: z.string().startsWith("/", "must be an absolute path").optional(),
    knownHostsFile: z.string().startsWith("/", "must be an absolute path").optional(),
  })
  .strict();
export type SshTarget = z.infer<typeof SshTarget>;

export const SystemdEndpoint = z
  .object({
    /** "system" (default), "user" (the user bus at busAddress), or "ssh". */
    bus: z.enum(["system", "user", "ssh"]).default("system"),
    /** D-Bus address; default: the system bus, or for "user" $XDG_RUNTIME_DIR/bus (/run/user/<uid>/bus). */
    busAddress: z.string().startsWith("unix:", "must be a unix: D-Bus address").optional(),
    ssh: SshTarget.optional(),
    /** Which units are shown: glob patterns on unit names. */
    units: z.array(z.string().min(1)).default(["*.service"]),
    /** Units never shown, by glob. */
    excludeUnits: z.array(z.string().min(1)).default([]),
    /** Also show installed unit files that are not loaded (stopped, disabled), as `systemctl list-unit-files` does; default true. */
    unitFiles: z.boolean().optional(),
    timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
  })
  .strict()
  .refine((v) => v.bus !== "ssh" || v.ssh, { message: "bus: ssh needs an ssh section" });
export type SystemdEndpoint = z.infer<typeof SystemdEndpoint>;

export const HostConfig = z
  .object({
    id: z.string().regex(HOST_ID_PATTERN, "must be lower-case letters, digits, '-' or '_'"),
    name: z.string().min(1).max(100).optional(),
    supervisord: SupervisordEndpoint.optional(),
    systemd: SystemdEndpoint.optional(),
  })
  .strict()
  .refine((h) => h.supervisord || h.systemd, {
    message: "a host needs a supervisord or a systemd endpoint",
  });
export type HostConfig = z.infer<typeof HostConfig>;

export const RespawnConfig = z
  .object({
    hosts: z.array(HostConfig).default([]),
    /**
     * The sub-path the dashboard is served under behind a reverse proxy, e.g. "/respawn". Next.js
     * fixes it at build time (RESPAWN_BASE_PATH); given here, the server refuses to start when the build differs.
     */
    basePath: z
      .string()
      .regex(/^(\/[A-Za-z0-9._~-]+)+$/, 'must start with "/", have no trailing "/", and use only letters, digits and . _ ~ -')
      .optional(),
    /** Folder for the embedded store and other state. */
    dataDir: z.string().startsWith("/", "must be an absolute path").optional(),
    /**
     * Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For/-Host/-Proto are believed.
     * Empty (the default): those headers are ignored from every client (docs/CONFIG.md).
     */
    trustProxy: z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], { error: "must be an IP address or a CIDR range" })).default([]),
    /** Default poll interval for supervisord hosts, in ms. */
    pollIntervalMs: z.number().int().min(200).max(600_000).default(1_000),
    /** Restart history kept in the embedded store (docs/HISTORY.md). */
    history: z
      .object({
        retentionDays: z.number().int().min(1).max(3650).default(30),
        /** A process restarted more than this many times within the window is flapping. */
        flapThreshold: z.number().int().min(1).max(1000).default(5),
        flapWindowMinutes: z.number().int().min(1).max(1440).default(10),
      })
      .strict()
      .default({ retentionDays: 30, flapThreshold: 5, flapWindowMinutes: 10 }),
    /** GET /metrics in Prometheus text format: off unless enabled; a bearer token when tokenEnv is set. */
    metrics: z
      .object({
        enabled: z.boolean().default(false),
        tokenEnv: z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name")
          .optional(),
      })
      .strict()
      .default({ enabled: false }),
    /** Live streams (SSE) one user or client address may hold at once, and over all users. */
    streams: z
      .object({
        maxPerUser: z.number().int().min(1).max(10_000).default(20),
        maxTotal: z.number().int().min(1).max(100_000).default(2_000),
      })
      .strict()
      .default({ maxPerUser: 20, maxTotal: 2_000 }),
    /** Incidents (docs/INCIDENTS.md): what is captured when a process gives up, and who is told. */
    incidents: z
      .object({
        /** Lines kept per log stream when an incident is captured. */
        linesPerStream: z.number().int().min(10).max(5_000).default(500),
        /** Also open an incident when a process starts flapping (history.flapThreshold). */
        onFlapping: z.boolean().default(false),
        /** This dashboard's address as colleagues reach it, for the link in webhook messages. */
        publicUrl: z.url({ protocol: /^https?$/ }).optional(),
        /** Called when an incident opens, with a Slack-compatible `{ "text": … }` body. */
        webhook: z
          .object({
            /** The URL inline, or better by environment variable name: a chat webhook URL is a secret. */
            url: z.url({ protocol: /^https?$/ }).optional(),
            urlEnv: z
              .string()
              .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name")
              .optional(),
            timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
          })
          .strict()
          .refine((w) => Boolean(w.url) !== Boolean(w.urlEnv), "give exactly one of url and urlEnv")
          .optional(),
      })
      .strict()
      .default({ linesPerStream: 500, onFlapping: false }),
    /** Notification channels and routes (docs/CONFIG.md, "Notifications"). */
    notifications: NotificationsConfig.default({ channels: [], routes: [], retry: { attempts: 5, initialDelayMs: 2_000, maxDelayMs: 300_000 } }),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.hosts.forEach((h, i) => {
      if (seen.has(h.id)) {
        ctx.addIssue({ code: "custom", path: ["hosts", i, "id"], message: `duplicate host id "${h.id}"` });
      }
      seen.add(h.id);
    });
  });
export type RespawnConfig = z.infer<typeof RespawnConfig>;
