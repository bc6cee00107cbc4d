/**
 * The advisor: pure rules over a restart policy that flag what keeps a service from healing
 * itself. Each rule has an id, a severity, a plain-words explanation (also in docs/POLICIES.md)
 * and, where one exists, a fix: a partial change that opens the editor filled in.
 */
import type { PolicyChange, PolicyValue, ProcessPolicy } from "@/lib/connectors/policy";

export type Severity = "high" | "medium" | "low";

export interface Advice {
  rule: string;
  severity: Severity;
  title: string;
  explanation: string;
  fix: PolicyChange | null;
}

type Values = Record<string, PolicyValue | null>;
type Rule = (v: Values, facts: ProcessPolicy["facts"]) => Advice | null;

const num = (v: PolicyValue | null | undefined): number | null => (typeof v === "number" ? v : null);
const restarts = (v: Values) => v.Restart !== null && v.Restart !== undefined && v.Restart !== "no";

// A command that runs a shell or a script usually starts children of its own.
const SPAWNS_CHILDREN = /(^|\/)(sh|bash|dash|zsh)\b|\.sh\b|[|&;]|\b(xargs|npm|yarn|gunicorn|uwsgi)\b/;

const SYSTEMD_RULES: Rule[] = [
  (v) => {
    const burst = num(v.StartLimitBurst);
    const interval = num(v.StartLimitIntervalSec);
    if (!restarts(v) || (burst !== 0 && interval !== 0)) return null;
    return {
      rule: "restart-storm",
      severity: "high",
      title: "Restarts forever: there is no start limit",
      explanation:
        "The service is restarted every time it stops, and the start limit is switched off (StartLimitBurst or StartLimitIntervalSec is 0). A service that crashes at start is restarted again and again without end, filling the logs and loading the host, and systemd never marks it as failed so nobody is told.",
      fix: { StartLimitIntervalSec: 60, StartLimitBurst: 5, ...(num(v.RestartSec) !== null && (num(v.RestartSec) ?? 0) < 1 ? { RestartSec: 1 } : {}) },
    };
  },
  (v) => {
    const delay = num(v.RestartSec);
    if (!restarts(v) || delay === null || delay >= 1) return null;
    return {
      rule: "restart-delay-short",
      severity: "medium",
      title: "Restarts after less than a second",
      explanation:
        "RestartSec is under one second. A service that fails because something it needs is briefly missing (a database, the network) uses up all its allowed starts within a second or two and gives up, instead of waiting for the problem to pass.",
      fix: { RestartSec: 1 },
    };
  },
  (v) => {
    const burst = num(v.StartLimitBurst);
    const interval = num(v.StartLimitIntervalSec);
    const delay = num(v.RestartSec) ?? 0;
    if (!restarts(v) || !burst || !interval) return null;
    const neverHit = burst * delay >= interval;
    if (!neverHit && burst <= 20) return null;
    return {
      rule: "start-limit-never-stops",
      severity: neverHit ? "medium" : "low",
      title: neverHit ? "The start limit can never be reached" : "The start limit is very high",
      explanation: neverHit
        ? `With a restart every ${delay} s, ${burst} starts take longer than the ${interval} s window of the start limit, so the count never reaches the limit and a broken service is restarted forever.`
        : `${burst} starts are allowed before systemd gives up. A service that is broken keeps restarting for a long time before anyone is told.`,
      fix: { StartLimitBurst: 5, StartLimitIntervalSec: Math.max(60, Math.ceil(delay * 5 * 2)) },
    };
  },
  (v) => {
    if (v.KillMode !== "process" && v.KillMode !== "none") return null;
    return {
      rule: "kill-mode-leaves-children",
      severity: "medium",
      title: "Stopping leaves child processes behind",
      explanation: `KillMode=${v.KillMode} stops only ${v.KillMode === "none" ? "nothing at all" : "the main process"}; processes it started keep running. After a restart the old children can still hold ports, files or locks, and the new instance fails or runs twice. control-group stops every process of the service.`,
      fix: { KillMode: "control-group" },
    };
  },
  (v) => {
    const out = v.StandardOutput === "null";
    const err = v.StandardError === "null";
    if (!out && !err) return null;
    return {
      rule: "logs-discarded",
      severity: "medium",
      title: "Logs are thrown away",
      explanation: `${[out && "Standard output", err && "standard error"].filter(Boolean).join(" and ")} go to /dev/null. When the service crashes there is nothing to read about why.`,
      fix: { ...(out ? { StandardOutput: "journal" } : {}), ...(err ? { StandardError: "inherit" } : {}) },
    };
  },
  (v, facts) => {
    if (v.Restart !== "no" || facts.type === "oneshot" || facts.type === null) return null;
    return {
      rule: "restart-off",
      severity: "low",
      title: "Not restarted when it crashes",
      explanation: "Restart=no: if this long-running service crashes, it stays down until someone starts it by hand.",
      fix: { Restart: "on-failure", RestartSec: 5 },
    };
  },
];

const SUPERVISORD_RULES: Rule[] = [
  (v) => {
    if (v.startsecs !== 0) return null;
    const restarting = v.autorestart !== "false";
    return {
      rule: restarting ? "restart-storm" : "startsecs-zero",
      severity: restarting ? "high" : "low",
      title: restarting ? "Restarts forever: every start counts as a success" : "A failed start is reported as a success",
      explanation: restarting
        ? "startsecs=0 means a program counts as started the moment it is spawned, so startretries never applies: a program that crashes at once is restarted again and again without end and never reaches FATAL, so nobody is told."
        : "startsecs=0 means a program counts as started the moment it is spawned, even if it exits a millisecond later, so a broken start looks like a good one.",
      fix: { startsecs: 1 },
    };
  },
  (v) => {
    const retries = num(v.startretries);
    if (retries === null || retries <= 10) return null;
    return {
      rule: "start-limit-never-stops",
      severity: "low",
      title: "Tries very many times before giving up",
      explanation: `startretries=${retries}: supervisord waits one second longer before each new try (1 s, 2 s, 3 s…), so a program that cannot start is retried for about ${Math.round((retries * (retries + 1)) / 2 / 60)} minutes before it is marked FATAL and anyone is told.`,
      fix: { startretries: 5 },
    };
  },
  (v, facts) => {
    if (v.stopasgroup === true && v.killasgroup === true) return null;
    // Only a program that starts children can leave any behind.
    if (typeof facts.command !== "string" || !SPAWNS_CHILDREN.test(facts.command)) return null;
    return {
      rule: "kill-mode-leaves-children",
      severity: "medium",
      title: "Stopping leaves child processes behind",
      explanation:
        "stopasgroup/killasgroup are off, so supervisord signals only the process it started. This command runs a shell or a script, which starts children of its own: they keep running after a stop or restart and can hold ports, files or locks, so the restarted program fails or runs twice.",
      fix: { stopasgroup: true, killasgroup: true },
    };
  },
  (v) => {
    const out = v.stdout_logfile === "NONE";
    const err = v.stderr_logfile === "NONE" && v.redirect_stderr !== true;
    if (!out && !err) return null;
    return {
      rule: "logs-discarded",
      severity: "medium",
      title: "Logs are thrown away",
      explanation: `${[out && "stdout_logfile", err && "stderr_logfile"].filter(Boolean).join(" and ")} is NONE: what the program prints is discarded. When it crashes there is nothing to read about why.`,
      fix: { ...(out ? { stdout_logfile: "AUTO" } : {}), ...(err ? { stderr_logfile: "AUTO" } : {}) },
    };
  },
  (v) => {
    if (v.autorestart !== "false" || v.autostart !== true) return null;
    return {
      rule: "autorestart-off",
      severity: "medium",
      title: "Not restarted when it stops",
      explanation: "autorestart=false on a program started with supervisord: if this long-running program crashes, it stays down until someone starts it by hand.",
      fix: { autorestart: "unexpected" },
    };
  },
];

const ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** Checks one policy against every rule of its manager; worst first. */
export function advisePolicy(policy: ProcessPolicy): Advice[] {
  const values: Values = Object.fromEntries(policy.settings.map((s) => [s.key, s.value]));
  const rules = policy.manager === "systemd" ? SYSTEMD_RULES : SUPERVISORD_RULES;
  return rules
    .map((rule) => rule(values, policy.facts))
    .filter((a): a is Advice => a !== null)
    .sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}
