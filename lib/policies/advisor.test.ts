import { describe, expect, it } from "vitest";
import type { PolicyValue, ProcessPolicy } from "@/lib/connectors/policy";
import { advisePolicy } from "./advisor";

function policy(manager: "systemd" | "supervisord", values: Record<string, PolicyValue>, facts: ProcessPolicy["facts"] = {}, name = "app.service", files = ["/etc/systemd/system/app.service"]): ProcessPolicy {
  return {
    manager,
    name,
    settings: Object.entries(values).map(([key, value]) => ({ key, value, source: null })),
    files,
    target: null,
    readOnlyReason: null,
    owned: {},
    facts,
    applyRestarts: manager === "supervisord",
  };
}

const healthyUnit = {
  Restart: "always",
  RestartSec: 5,
  StartLimitIntervalSec: 60,
  StartLimitBurst: 3,
  KillMode: "control-group",
  StandardOutput: "journal",
  StandardError: "inherit",
};
const healthyProgram = {
  autostart: true,
  autorestart: "unexpected",
  startsecs: 1,
  startretries: 3,
  stopasgroup: true,
  killasgroup: true,
  stdout_logfile: "/var/log/x.log",
  stderr_logfile: "/var/log/x.err",
  redirect_stderr: false,
};
const rules = (p: ProcessPolicy) => advisePolicy(p).map((a) => a.rule);

describe("advisor: systemd", () => {
  it("has nothing to say about the shipped good practice", () => {
    expect(advisePolicy(policy("systemd", healthyUnit, { type: "simple" }))).toEqual([]);
  });

  it("a restart storm (no start limit, restarts within a second) is high, fixed by a delay that keeps it trying", () => {
    const [first] = advisePolicy(policy("systemd", { ...healthyUnit, StartLimitBurst: 0, RestartSec: 0.1 }));
    expect(first).toMatchObject({ rule: "restart-storm", severity: "high", fix: { RestartSec: 5 } });
    expect(rules(policy("systemd", { ...healthyUnit, StartLimitIntervalSec: 0, RestartSec: 0 }))).toContain("restart-storm");
    // No start limit with restarts seconds apart is a deliberate "never give up".
    expect(rules(policy("systemd", { ...healthyUnit, StartLimitIntervalSec: 0, RestartSec: 5 }))).toEqual([]);
    expect(rules(policy("systemd", { ...healthyUnit, Restart: "no", StartLimitBurst: 0 }, { type: "oneshot" }))).toEqual([]);
  });

  it("a restart delay under a second that uses up the start limit is flagged on units written for the host only", () => {
    expect(advisePolicy(policy("systemd", { ...healthyUnit, RestartSec: 0.1 }))[0]).toMatchObject({ rule: "restart-delay-short", fix: { RestartSec: 5 } });
    expect(rules(policy("systemd", { ...healthyUnit, RestartSec: 0.1 }, {}, "redis-server.service", ["/lib/systemd/system/redis-server.service"]))).toEqual([]);
  });

  it("SendSIGKILL=no with TimeoutStopSec=infinity is high and offers no fix", () => {
    const [a] = advisePolicy(policy("systemd", { ...healthyUnit, TimeoutStopSec: "infinity" }, { sendSIGKILL: false }));
    expect(a).toMatchObject({ rule: "stop-never-ends", severity: "high", fix: null });
    expect(rules(policy("systemd", { ...healthyUnit, TimeoutStopSec: "infinity" }, { sendSIGKILL: true }))).toEqual([]);
    expect(rules(policy("systemd", { ...healthyUnit, TimeoutStopSec: 20 }, { sendSIGKILL: false }))).toEqual([]);
  });

  it("kill modes that leave children are flagged, except on services that keep them by design", () => {
    expect(rules(policy("systemd", { ...healthyUnit, KillMode: "process" }))).toEqual(["kill-mode-leaves-children"]);
    expect(rules(policy("systemd", { ...healthyUnit, KillMode: "mixed" }))).toEqual([]);
    for (const name of ["ssh.service", "cron.service", "docker.service", "containerd.service", "supervisor.service", "getty@tty1.service"]) {
      expect(advisePolicy(policy("systemd", { ...healthyUnit, KillMode: "process" }, {}, name))).toEqual([]);
    }
  });

  it("discarded output is flagged, but not for core daemons or units as their package ships them", () => {
    expect(advisePolicy(policy("systemd", { ...healthyUnit, StandardOutput: "null" }))[0]).toMatchObject({ rule: "logs-discarded", fix: { StandardOutput: "journal" } });
    expect(rules(policy("systemd", { ...healthyUnit, StandardOutput: "null" }, {}, "systemd-journald.service"))).toEqual([]);
    expect(rules(policy("systemd", { ...healthyUnit, StandardOutput: "null" }, {}, "rsyslog.service", ["/lib/systemd/system/rsyslog.service"]))).toEqual([]);
  });

  it("a setting in a section systemd ignores is named, with where it belongs, and no fix", () => {
    const misplaced = "StartLimitIntervalSec= in [Service] at /etc/systemd/system/app.service:9 belongs in [Unit]";
    const [a] = advisePolicy(policy("systemd", healthyUnit, { misplaced }));
    expect(a).toMatchObject({ rule: "setting-ignored", severity: "medium", fix: null });
    expect(a?.explanation).toContain(misplaced);
  });

  it("a long-running service written for the host that is never restarted gets a note, not a oneshot or a packaged unit", () => {
    expect(rules(policy("systemd", { ...healthyUnit, Restart: "no" }, { type: "simple" }))).toEqual(["restart-off"]);
    expect(rules(policy("systemd", { ...healthyUnit, Restart: "no" }, { type: "oneshot" }))).toEqual([]);
    expect(rules(policy("systemd", { ...healthyUnit, Restart: "no" }, { type: "forking" }, "nginx.service", ["/lib/systemd/system/nginx.service"]))).toEqual([]);
  });
});

describe("advisor: supervisord", () => {
  const prog = (values: Record<string, PolicyValue>, command = "/usr/bin/app", facts: ProcessPolicy["facts"] = {}) =>
    policy("supervisord", { ...healthyProgram, ...values }, { command, ...facts }, "app", []);

  it("has nothing to say about a well-set program", () => {
    expect(advisePolicy(prog({}))).toEqual([]);
  });

  it("startsecs=0 with restarts is a crash loop explained without a fix; a one-shot is left alone", () => {
    expect(advisePolicy(prog({ startsecs: 0 }))[0]).toMatchObject({ rule: "crash-loop-never-gives-up", severity: "medium", fix: null });
    expect(advisePolicy(prog({ startsecs: 0, autorestart: "false" }))).toEqual([]);
    expect(advisePolicy(prog({ startsecs: 0, autorestart: "false" }, "/bin/bash /opt/start-workers.sh"))).toEqual([]);
  });

  it("Celery, Sidekiq, Laravel and Gunicorn workers without killasgroup are told their children can outlive them", () => {
    for (const cmd of ["celery -A proj worker -l info", "bundle exec sidekiq -e production", "php artisan queue:work --tries=3", "gunicorn app:app -w 4"]) {
      expect(advisePolicy(prog({ stopasgroup: false, killasgroup: false }, cmd))[0]).toMatchObject({ rule: "worker-children-left", fix: { stopasgroup: true, killasgroup: true } });
    }
    expect(advisePolicy(prog({ stopasgroup: false, killasgroup: true }, "celery -A proj worker"))).toEqual([]);
    expect(rules(prog({ stopasgroup: false, killasgroup: false }, "celery -A proj beat"))).toEqual([]);
  });

  it("missing stopasgroup/killasgroup is flagged only for commands that start children", () => {
    const off = { stopasgroup: false, killasgroup: false };
    expect(advisePolicy(prog(off, "/bin/sh -c 'a | b'"))[0]).toMatchObject({ rule: "kill-mode-leaves-children", severity: "medium", fix: { stopasgroup: true, killasgroup: true } });
    expect(rules(prog(off, "/opt/app/run.sh"))).toEqual(["kill-mode-leaves-children"]);
    expect(rules(prog(off, "npm start"))).toEqual(["kill-mode-leaves-children"]);
    expect(rules(prog(off, '/bin/bash -c "source /etc/envvars && exec /usr/sbin/apache2 -D FOREGROUND"'))).toEqual([]);
    expect(rules(prog(off, "/usr/bin/app"))).toEqual([]);
  });

  it("discarded output is flagged (stderr only when not redirected), but not output sent to syslog", () => {
    expect(advisePolicy(prog({ stdout_logfile: "NONE" }))[0]).toMatchObject({ rule: "logs-discarded", fix: { stdout_logfile: "AUTO" } });
    expect(rules(prog({ stderr_logfile: "NONE", redirect_stderr: true }))).toEqual([]);
    expect(rules(prog({ stdout_logfile: "NONE", stderr_logfile: "NONE" }, "/usr/sbin/rsyslogd -n", { stdout_syslog: true, stderr_syslog: true }))).toEqual([]);
  });

  it("autorestart off and very many retries", () => {
    expect(rules(prog({ autorestart: "false" }))).toEqual(["autorestart-off"]);
    expect(advisePolicy(prog({ startretries: 30 }))[0]).toMatchObject({ rule: "start-retries-high", severity: "low", fix: null });
  });
});
