/** Advisor rules for supervisord programs (see docs/POLICIES.md for each rule's reasoning). */
import type { Rule, Values } from "./advisor-types";

// Job and web workers whose pool children outlive a killed parent: Celery, RQ, Dramatiq, Huey,
// Sidekiq, Resque, Laravel's queue workers and Horizon, Gunicorn and uWSGI masters.
const WORKER = /\bcelery\b.*\bworker\b|\b(rq|rqworker)\b.*\bworker\b|\bdramatiq\b|\bhuey_consumer\b|\bsidekiq\b|\bresque\b|\bartisan\b.*\b(queue:work|queue:listen|horizon)\b|\bgunicorn\b|\buwsgi\b/;
// A shell that runs more than one command (no `exec` handing it over), a script, or a package runner.
const SHELL_C = /(^|\/)(sh|bash|dash|zsh)\s+(-\w+\s+)*-c\s/;

function startsChildren(command: string): boolean {
  if (SHELL_C.test(command)) return !/\bexec\s/.test(command);
  return /^\S*\.sh\b|\s\S*\.sh(\s|$)|\b(npm|yarn|pnpm)\s+(run|start)\b/.test(command);
}

const groupKilled = (v: Values) => v.killasgroup === true;

const crashLoop: Rule = (v) => {
  if (v.startsecs !== 0 || v.autorestart === "false" || v.autorestart === null) return null;
  const always = v.autorestart === "true";
  return {
    rule: "crash-loop-never-gives-up",
    severity: "medium",
    title: "A program that crashes at once is restarted for ever",
    explanation: `startsecs=0 counts every start as a success, so startretries never applies: a program that crashes as soon as it starts is restarted again and again and never reaches FATAL, so nobody is told. ${always ? "With autorestart=true this is also how a program that is meant to run and exit is rerun in a loop; if that is the intent, leave it." : "A program that is meant to run once and exit with an expected code is not affected."} For a long-running program, set startsecs to the seconds it needs to come up (1 is the default); a program that exits sooner than that would then go FATAL, so it is not changed for you.`,
    fix: null,
  };
};

const manyRetries: Rule = (v) => {
  const retries = typeof v.startretries === "number" ? v.startretries : null;
  if (retries === null || retries <= 10) return null;
  return {
    rule: "start-retries-high",
    severity: "low",
    title: "Tries very many times before giving up",
    explanation: `startretries=${retries}: supervisord waits one second longer before each new try (1 s, 2 s, 3 s…), so a program that cannot start is retried for about ${Math.max(1, Math.round((retries * (retries + 1)) / 2 / 60))} minutes before it is marked FATAL and anyone is told.`,
    fix: null,
  };
};

const workerChildren: Rule = (v, f) => {
  if (groupKilled(v) || !f.command || !WORKER.test(f.command)) return null;
  return {
    rule: "worker-children-left",
    severity: "medium",
    title: "A worker's children can outlive it",
    explanation:
      "This is a job or web worker that runs a pool of child processes. killasgroup is off, so when a stop takes longer than stopwaitsecs supervisord kills only the parent: its children keep running, still holding jobs, sockets or locks, and the restarted worker runs beside them. stopasgroup and killasgroup send the stop and the kill to the whole pool, as the Celery and Laravel documentation recommend.",
    fix: { stopasgroup: true, killasgroup: true },
  };
};

const leavesChildren: Rule = (v, f) => {
  if (groupKilled(v) || !f.command || WORKER.test(f.command) || !startsChildren(f.command)) return null;
  // A program that runs once (startsecs=0, autorestart=false) and launches others leaves them on purpose.
  if (v.startsecs === 0 && v.autorestart === "false") return null;
  return {
    rule: "kill-mode-leaves-children",
    severity: "medium",
    title: "Stopping leaves child processes behind",
    explanation:
      "The command runs a shell, a script or a package runner that starts processes of its own, and stopasgroup/killasgroup are off, so supervisord signals only the process it started. Its children keep running after a stop or restart and can hold ports, files or locks, so the restarted program fails or runs twice.",
    fix: { stopasgroup: true, killasgroup: true },
  };
};

const logsDiscarded: Rule = (v, f) => {
  const out = v.stdout_logfile === "NONE" && !f.stdoutSyslog;
  const err = v.stderr_logfile === "NONE" && v.redirect_stderr !== true && !f.stderrSyslog;
  if (!out && !err) return null;
  return {
    rule: "logs-discarded",
    severity: "medium",
    title: "Output is thrown away",
    explanation: `${[out && "stdout_logfile", err && "stderr_logfile"].filter(Boolean).join(" and ")} ${out && err ? "are" : "is"} NONE and ${out && err ? "they are" : "it is"} not sent to syslog: what the program prints is discarded. When it crashes there is nothing to read about why.`,
    fix: { ...(out ? { stdout_logfile: "AUTO" } : {}), ...(err ? { stderr_logfile: "AUTO" } : {}) },
  };
};

const autorestartOff: Rule = (v) => {
  // startsecs=0 with autorestart=false is how a program that runs once is written.
  if (v.autorestart !== "false" || v.autostart !== true || v.startsecs === 0) return null;
  return {
    rule: "autorestart-off",
    severity: "medium",
    title: "Not restarted when it stops",
    explanation: "autorestart=false on a program started with supervisord: if this long-running program crashes, it stays down until someone starts it by hand.",
    fix: { autorestart: "unexpected" },
  };
};

export const SUPERVISORD_RULES: Rule[] = [crashLoop, workerChildren, leavesChildren, logsDiscarded, autorestartOff, manyRetries];
