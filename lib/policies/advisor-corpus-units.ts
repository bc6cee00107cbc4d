import { SYSTEMD_BUILT_IN } from "@/lib/connectors/systemd/policy-read";
/**
 * systemd units for the advisor's corpus test: the values systemd 252 reports for units as
 * Debian 12 ships them (ssh, cron, docker, containerd, supervisor, nginx, postgresql, redis,
 * rsyslog, prometheus…) and as public guides and projects write them for apps (gunicorn,
 * Celery, Sidekiq, Puma, MinIO, Node). Defaults are systemd's: RestartSec=100ms, 5 starts in
 * 10 s, KillMode=control-group, TimeoutStopSec=90 s, output to the journal.
 */
import type { PolicyValue, ProcessPolicy } from "@/lib/connectors/policy";

export interface CorpusUnit {
  policy: ProcessPolicy;
  /** Expected advice: `rule`, or `rule+fix` when a one-click fix is offered. */
  expected: string[];
  /** Its unusual settings are deliberate: no fix may be offered. */
  deliberate: boolean;
}

interface Spec {
  name: string;
  /** `lib` for a unit shipped by its package, `etc` for one written on the host. */
  where: "lib" | "etc";
  type?: string;
  sendSIGKILL?: boolean;
  values?: Record<string, PolicyValue>;
  expected?: string[];
  deliberate?: boolean;
}

function unit(s: Spec): CorpusUnit {
  const values = { ...SYSTEMD_BUILT_IN, ...s.values };
  return {
    policy: {
      manager: "systemd",
      name: s.name,
      settings: Object.entries(values).map(([key, value]) => ({ key, value, source: null })),
      files: [s.where === "lib" ? `/lib/systemd/system/${s.name}` : `/etc/systemd/system/${s.name}`],
      target: null,
      readOnlyReason: null,
      owned: {},
      facts: { type: s.type ?? "simple", sendSIGKILL: s.sendSIGKILL ?? true },
      applyRestarts: false,
    },
    expected: s.expected ?? [],
    deliberate: s.deliberate ?? false,
  };
}

export const UNITS: CorpusUnit[] = [
  // Debian 12 packages, as shipped.
  unit({ name: "ssh.service", where: "lib", type: "notify", values: { Restart: "on-failure", KillMode: "process" }, deliberate: true }),
  unit({ name: "cron.service", where: "lib", values: { Restart: "on-failure", KillMode: "process" }, deliberate: true }),
  unit({ name: "docker.service", where: "lib", type: "notify", values: { Restart: "always", RestartSec: 2, StartLimitBurst: 3, StartLimitIntervalSec: 60, KillMode: "process", TimeoutStopSec: 90 }, deliberate: true }),
  unit({ name: "containerd.service", where: "lib", type: "notify", values: { Restart: "always", RestartSec: 5, KillMode: "process" }, deliberate: true }),
  unit({ name: "supervisor.service", where: "lib", values: { Restart: "on-failure", RestartSec: 50, KillMode: "process" }, deliberate: true }),
  unit({ name: "nginx.service", where: "lib", type: "forking", values: { KillMode: "mixed", TimeoutStopSec: 5 }, deliberate: true }),
  unit({ name: "postgresql@15-main.service", where: "lib", type: "forking", values: { KillMode: "mixed", TimeoutStopSec: 3600 }, deliberate: true }),
  unit({ name: "redis-server.service", where: "lib", type: "notify", values: { Restart: "always", TimeoutStopSec: "infinity" }, deliberate: true }),
  unit({ name: "rsyslog.service", where: "lib", type: "notify", values: { Restart: "on-failure", StandardOutput: "null" }, deliberate: true }),
  unit({ name: "systemd-journald.service", where: "lib", type: "notify", values: { Restart: "always", RestartSec: 0, StandardOutput: "null" }, deliberate: true }),
  unit({ name: "systemd-logind.service", where: "lib", type: "dbus", values: { Restart: "always", RestartSec: 0 }, deliberate: true }),
  unit({ name: "dbus.service", where: "lib", type: "notify", deliberate: true }),
  unit({ name: "getty@tty1.service", where: "lib", type: "idle", values: { Restart: "always", RestartSec: 0, KillMode: "process" }, deliberate: true }),
  unit({ name: "prometheus.service", where: "lib", values: { Restart: "on-failure", TimeoutStopSec: 20 }, sendSIGKILL: false, deliberate: true }),
  unit({ name: "atd.service", where: "lib", type: "forking", values: { KillMode: "process" }, deliberate: true }),
  unit({ name: "php8.2-fpm.service", where: "lib", type: "notify", deliberate: true }),
  unit({ name: "mariadb.service", where: "lib", type: "notify", values: { Restart: "on-abort", RestartSec: 5, KillMode: "mixed", TimeoutStopSec: 900 }, deliberate: true }),
  unit({ name: "fail2ban.service", where: "lib", values: { Restart: "on-failure" }, deliberate: true }),
  unit({ name: "unattended-upgrades.service", where: "lib", values: { KillMode: "process", TimeoutStopSec: 1800 }, deliberate: true }),
  unit({ name: "user@0.service", where: "lib", type: "notify", values: { KillMode: "mixed", TimeoutStopSec: 120 }, deliberate: true }),
  // Written on the host, after public guides and projects' own examples.
  unit({ name: "gunicorn.service", where: "etc", type: "notify", values: { KillMode: "mixed", TimeoutStopSec: 5 }, expected: ["restart-off+fix"] }),
  unit({ name: "celery.service", where: "etc", type: "forking", values: { Restart: "always" }, expected: ["restart-delay-short+fix"] }),
  unit({ name: "celerybeat.service", where: "etc", values: { Restart: "always", RestartSec: 10 } }),
  unit({ name: "sidekiq.service", where: "etc", type: "notify", values: { Restart: "always", RestartSec: 1, TimeoutStopSec: 25 } }),
  unit({ name: "node-app.service", where: "etc", values: { Restart: "always", RestartSec: 10 } }),
  unit({ name: "app-worker.service", where: "etc", values: { Restart: "on-failure", RestartSec: 5 } }),
  unit({ name: "minio.service", where: "etc", type: "notify", values: { Restart: "always", TimeoutStopSec: "infinity" }, sendSIGKILL: false, expected: ["stop-never-ends", "restart-delay-short+fix"] }),
  unit({ name: "puma.service", where: "etc", type: "notify", values: { Restart: "always" }, expected: ["restart-delay-short+fix"] }),
  unit({ name: "api.service", where: "etc", values: { Restart: "always", RestartSec: 3 } }),
  unit({ name: "nightly-backup.service", where: "etc", type: "oneshot" }),
  unit({ name: "telemetry-agent.service", where: "etc", values: { Restart: "always", StartLimitIntervalSec: 0 }, expected: ["restart-storm+fix"] }),
  unit({ name: "legacy-daemon.service", where: "etc", type: "forking", values: { Restart: "on-failure", RestartSec: 5, KillMode: "none" }, expected: ["kill-mode-leaves-children+fix"] }),
  unit({ name: "frpc.service", where: "etc", values: { Restart: "on-failure", RestartSec: 5 } }),
  unit({ name: "tomcat.service", where: "etc", type: "forking", values: { Restart: "on-failure", RestartSec: 10 } }),
  unit({ name: "quiet-sync.service", where: "etc", values: { Restart: "always", RestartSec: 30, StandardOutput: "null", StandardError: "null" }, expected: ["logs-discarded+fix"] }),
];
