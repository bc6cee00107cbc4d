/** Advisor rules for systemd units (see docs/POLICIES.md for each rule's reasoning). */
import type { Rule, Values } from "./advisor-types";
import { coreDaemon, keepsChildrenByDesign } from "./deliberate";

const num = (v: Values[string] | undefined): number | null => (typeof v === "number" ? v : null);
const restarts = (v: Values) => v.Restart !== null && v.Restart !== undefined && v.Restart !== "no";

const restartStorm: Rule = (v) => {
  const delay = num(v.RestartSec) ?? 0;
  if (!restarts(v) || (num(v.StartLimitBurst) !== 0 && num(v.StartLimitIntervalSec) !== 0) || delay >= 1) return null;
  return {
    rule: "restart-storm",
    severity: "high",
    title: "Restarts many times a second, without end",
    explanation: `The start limit is switched off (StartLimitBurst or StartLimitIntervalSec is 0) and the service is restarted ${delay === 0 ? "at once" : `after ${delay} s`}. A service that crashes at start is restarted several times a second for ever: it fills the logs and loads the host, and it is never marked as failed, so nobody is told. A delay of a few seconds keeps it trying without the storm.`,
    fix: { RestartSec: 5 },
  };
};

const restartDelayShort: Rule = (v, f) => {
  const delay = num(v.RestartSec);
  if (!restarts(v) || delay === null || delay >= 1 || f.shipped) return null;
  const burst = num(v.StartLimitBurst) ?? 0;
  const interval = num(v.StartLimitIntervalSec) ?? 0;
  if (burst === 0 || interval === 0) return null;
  return {
    rule: "restart-delay-short",
    severity: "medium",
    title: "Gives up within a second",
    explanation: `RestartSec is ${delay} s, so the ${burst} starts allowed in ${interval} s are used up in about ${Math.max(0.1, Math.round(burst * delay * 10) / 10)} s. A service that fails because something it needs is briefly missing (a database, the network) gives up before the problem passes, and stays down. With RestartSec=5 it keeps trying every five seconds.`,
    fix: { RestartSec: 5 },
  };
};

const highBurst: Rule = (v) => {
  const burst = num(v.StartLimitBurst) ?? 0;
  if (!restarts(v) || burst <= 20 || !num(v.StartLimitIntervalSec)) return null;
  return {
    rule: "start-limit-high",
    severity: "low",
    title: "Very many starts are allowed before systemd gives up",
    explanation: `StartLimitBurst=${burst}: a broken service is started ${burst} times in a row before it is marked as failed and anyone is told.`,
    fix: null,
  };
};

const killMode: Rule = (v, f) => {
  if (v.KillMode !== "process" && v.KillMode !== "none") return null;
  if (keepsChildrenByDesign(f.name) || coreDaemon(f.name) || f.shipped) return null;
  return {
    rule: "kill-mode-leaves-children",
    severity: "medium",
    title: "Stopping leaves child processes behind",
    explanation: `KillMode=${v.KillMode} stops ${v.KillMode === "none" ? "no process at all" : "only the main process"}; the processes it started keep running. After a restart the old ones can still hold ports, files or locks, and the new instance fails or runs twice. KillMode=control-group stops every process of the service. Keep KillMode=process only if the service must leave its children running, as an SSH server leaves sessions.`,
    fix: { KillMode: "control-group" },
  };
};

const logsDiscarded: Rule = (v, f) => {
  const out = v.StandardOutput === "null";
  const err = v.StandardError === "null";
  if ((!out && !err) || coreDaemon(f.name) || f.shipped) return null;
  return {
    rule: "logs-discarded",
    severity: "medium",
    title: "Output is thrown away",
    explanation: `${[out && "Standard output", err && "standard error"].filter(Boolean).join(" and ")} ${out && err ? "go" : "goes"} to /dev/null. When the service crashes there is nothing to read about why.`,
    fix: { ...(out ? { StandardOutput: "journal" } : {}), ...(err ? { StandardError: "inherit" } : {}) },
  };
};

const restartOff: Rule = (v, f) => {
  if (v.Restart !== "no" || f.type === "oneshot" || f.type === null || f.shipped || coreDaemon(f.name)) return null;
  return {
    rule: "restart-off",
    severity: "low",
    title: "Not restarted when it crashes",
    explanation: "Restart=no: if this long-running service crashes, it stays down until someone starts it by hand.",
    fix: { Restart: "on-failure", RestartSec: 5 },
  };
};

const neverKilled: Rule = (v, f) => {
  if (f.sendSIGKILL !== false || v.TimeoutStopSec !== "infinity") return null;
  return {
    rule: "stop-never-ends",
    severity: "high",
    title: "A service that hangs while stopping is never stopped",
    explanation:
      "SendSIGKILL=no with TimeoutStopSec=infinity: systemd sends the stop signal and then waits for ever. If the service hangs while stopping, its restart (and the host's shutdown) waits for ever too. Give it a stop timeout that suits it and let systemd send SIGKILL after it; if it must never be killed (a database finishing its writes), set a long timeout and watch it. Both settings are edited in the unit's files.",
    fix: null,
  };
};

const ignoredSetting: Rule = (_v, f) => {
  if (!f.misplaced) return null;
  const many = f.misplaced.includes("; ");
  return {
    rule: "setting-ignored",
    severity: "medium",
    title: many ? "Settings that systemd ignores" : "A setting that systemd ignores",
    explanation: `${f.misplaced}. systemd reads a setting only in its own section and skips it elsewhere (it logs a warning), so ${many ? "these values are" : "this value is"} not in force: the value shown is the one systemd uses. Move the line to the section named, or remove it.`,
    fix: null,
  };
};

export const SYSTEMD_RULES: Rule[] = [restartStorm, neverKilled, ignoredSetting, restartDelayShort, highBurst, killMode, logsDiscarded, restartOff];

