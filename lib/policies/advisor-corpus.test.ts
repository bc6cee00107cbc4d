/**
 * The advisor on a fleet modelled on real configurations: supervisord programs read from the
 * configurations in test/fixtures/supervisord-configs (Docker images, Laravel, Celery, mail
 * servers, Rails/Node images) with Respawn's supervisord reader, and systemd units as Debian
 * 12 ships them and as public guides write them. Each has its expected advice; no fix may be
 * offered on a deliberate setting, and at most a quarter of the fleet carries advice.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SUPERVISORD_FIELDS, type PolicyValue, type ProcessPolicy } from "@/lib/connectors/policy";
import { readSupervisordConfig } from "@/lib/connectors/supervisord/ini/config-groups";
import { fieldValue } from "@/lib/connectors/supervisord/policy-source";
import { advisePolicy } from "./advisor";
import { UNITS } from "./advisor-corpus-units";

const CONFIGS = fileURLToPath(new URL("../../test/fixtures/supervisord-configs", import.meta.url));

/** Expected advice per program (section), as `rule` or `rule+fix` when a one-click fix is right. */
const PROGRAMS: Record<string, string[]> = {
  "debian-default/program:redis": [],
  "debian-default/program:garelay": ["worker-children-left+fix"],
  "debian-default/program:celery": [],
  "laravel-docker/program:php-fpm": [],
  "laravel-docker/program:laravel-worker": [],
  "laravel-docker/program:inertia-ssr": [],
  "laravel-docker/program:scheduler": ["kill-mode-leaves-children+fix"],
  "mail-stack/program:redis": [],
  "mail-stack/program:rspamd": [],
  "mail-stack/program:postfix": [],
  "mail-stack/program:dovecot": [],
  "mail-stack/program:rsyslog": [],
  "mail-stack/program:mailbox-listener": [],
  "celery-django/program:celery_default": [],
  "celery-django/program:celery_beat": [],
  "celery-django/program:gunicorn": ["worker-children-left+fix"],
  "misp-style/program:postfix": [],
  "misp-style/program:redis-server": [],
  "misp-style/program:apache2": [],
  "misp-style/program:resque": [],
  "misp-style/program:cron": [],
  "php-fcgi/fcgi-program:php": [],
  "php-fcgi/eventlistener:crashmail": [],
  "crlf-windows/program:app": ["kill-mode-leaves-children+fix"],
  "rails-node-misc/program:puma": [],
  "rails-node-misc/program:sidekiq": ["worker-children-left+fix"],
  "rails-node-misc/program:node-api": [],
  "rails-node-misc/program:frontend": ["kill-mode-leaves-children+fix"],
  "rails-node-misc/program:nginx": [],
  "rails-node-misc/program:sshd": [],
  "rails-node-misc/program:mysql": [],
  "rails-node-misc/program:node-exporter": [],
  "rails-node-misc/program:horizon": [],
  "rails-node-misc/program:metrics-push": ["logs-discarded+fix"],
};

const shown = (p: ProcessPolicy) => advisePolicy(p).map((a) => `${a.rule}${a.fix ? "+fix" : ""}`);

async function programPolicies(): Promise<Map<string, ProcessPolicy>> {
  const out = new Map<string, ProcessPolicy>();
  const root = mkdtempSync(path.join(tmpdir(), "respawn-corpus-"));
  for (const dir of readdirSync(CONFIGS)) {
    // supervisord checks that log folders exist: each configuration gets one, as when it runs.
    cpSync(path.join(CONFIGS, dir), path.join(root, dir), { recursive: true });
    mkdirSync(path.join(root, dir, "logs"), { recursive: true });
    const cfg = await readSupervisordConfig(path.join(root, dir, "supervisord.conf"), { env: { HOME: "/root", APP_ENV: "production" }, hostname: "host" });
    for (const def of cfg.processes) {
      const key = `${dir}/${def.section}`;
      if (out.has(key)) continue;
      out.set(key, {
        manager: "supervisord",
        name: def.group === def.name ? def.name : `${def.group}:${def.name}`,
        settings: SUPERVISORD_FIELDS.map((f) => ({ key: f.key, value: fieldValue(f.key, def.values) as PolicyValue, source: null })),
        files: cfg.files,
        target: null,
        readOnlyReason: null,
        owned: {},
        facts: { command: def.command, stdout_syslog: def.values.stdout_syslog, stderr_syslog: def.values.stderr_syslog },
        applyRestarts: true,
      });
    }
  }
  return out;
}

describe("the advisor on a realistic fleet", () => {
  it("gives each supervisord program of the corpus exactly its expected advice", async () => {
    const policies = await programPolicies();
    expect([...policies.keys()].sort()).toEqual(Object.keys(PROGRAMS).sort());
    const got = Object.fromEntries([...policies].map(([k, p]) => [k, shown(p)]));
    expect(got).toEqual(PROGRAMS);
    const advised = Object.values(got).filter((a) => a.length > 0).length;
    expect(policies.size).toBeGreaterThanOrEqual(30);
    expect(advised / policies.size).toBeLessThanOrEqual(0.25);
  });

  it("gives each systemd unit of the corpus exactly its expected advice, never a fix on a deliberate setting", () => {
    expect(UNITS.length).toBeGreaterThanOrEqual(30);
    for (const u of UNITS) expect({ unit: u.policy.name, advice: shown(u.policy) }).toEqual({ unit: u.policy.name, advice: u.expected });
    const advised = UNITS.filter((u) => u.expected.length > 0).length;
    expect(advised / UNITS.length).toBeLessThanOrEqual(0.25);
    for (const u of UNITS.filter((x) => x.deliberate)) expect(advisePolicy(u.policy).filter((a) => a.fix !== null)).toEqual([]);
  });
});
