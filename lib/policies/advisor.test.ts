import { describe, expect, it } from "vitest";
import type { PolicyValue, ProcessPolicy } from "@/lib/connectors/policy";
import { advisePolicy } from "./advisor";

function policy(manager: "systemd" | "supervisord", values: Record<string, PolicyValue>, facts: ProcessPolicy["facts"] = {}): ProcessPolicy {
  return {
    manager,
    name: "x",
    settings: Object.entries(values).map(([key, value]) => ({ key, value, source: null })),
    files: [],
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

  it("flags a restart storm when the start limit is off, with a fix that sets one", () => {
    const [first] = advisePolicy(policy("systemd", { ...healthyUnit, StartLimitBurst: 0 }));
    expect(first).toMatchObject({ rule: "restart-storm", severity: "high", fix: { StartLimitBurst: 5, StartLimitIntervalSec: 60 } });
    expect(rules(policy("systemd", { ...healthyUnit, StartLimitIntervalSec: 0 }))).toContain("restart-storm");
    expect(rules(policy("systemd", { ...healthyUnit, Restart: "no", StartLimitBurst: 0 }, { type: "oneshot" }))).toEqual([]);
  });

  it("flags a restart delay under one second", () => {
    expect(advisePolicy(policy("systemd", { ...healthyUnit, RestartSec: 0.1 }))[0]).toMatchObject({ rule: "restart-delay-short", fix: { RestartSec: 1 } });
  });

  it("flags a start limit that restarts spaced out can never reach, and a very high burst", () => {
    const never = advisePolicy(policy("systemd", { ...healthyUnit, RestartSec: 30, StartLimitIntervalSec: 60, StartLimitBurst: 3 }));
    expect(never[0]).toMatchObject({ rule: "start-limit-never-stops", severity: "medium", fix: { StartLimitBurst: 5, StartLimitIntervalSec: 300 } });
    expect(advisePolicy(policy("systemd", { ...healthyUnit, StartLimitBurst: 50, RestartSec: 1 }))[0]).toMatchObject({ rule: "start-limit-never-stops", severity: "low" });
  });

  it("flags kill modes that leave children, and discarded logs", () => {
    expect(rules(policy("systemd", { ...healthyUnit, KillMode: "process" }))).toEqual(["kill-mode-leaves-children"]);
    expect(rules(policy("systemd", { ...healthyUnit, KillMode: "mixed" }))).toEqual([]);
    const logs = advisePolicy(policy("systemd", { ...healthyUnit, StandardOutput: "null" }));
    expect(logs[0]).toMatchObject({ rule: "logs-discarded", fix: { StandardOutput: "journal" } });
  });

  it("flags a long-running service that is never restarted, but not a oneshot", () => {
    expect(rules(policy("systemd", { ...healthyUnit, Restart: "no" }, { type: "simple" }))).toEqual(["restart-off"]);
    expect(rules(policy("systemd", { ...healthyUnit, Restart: "no" }, { type: "oneshot" }))).toEqual([]);
  });
});

describe("advisor: supervisord", () => {
  it("has nothing to say about a well-set program", () => {
    expect(advisePolicy(policy("supervisord", healthyProgram, { command: "/usr/bin/app" }))).toEqual([]);
  });

  it("startsecs=0 with restarts is a restart storm; without restarts it is a note", () => {
    expect(advisePolicy(policy("supervisord", { ...healthyProgram, startsecs: 0 }))[0]).toMatchObject({ rule: "restart-storm", severity: "high", fix: { startsecs: 1 } });
    expect(advisePolicy(policy("supervisord", { ...healthyProgram, startsecs: 0, autorestart: "false", autostart: false }))[0]).toMatchObject({ rule: "startsecs-zero", severity: "low" });
  });

  it("flags missing stopasgroup/killasgroup only for commands that start children", () => {
    const off = { ...healthyProgram, stopasgroup: false, killasgroup: false };
    expect(advisePolicy(policy("supervisord", off, { command: "/bin/sh -c 'a | b'" }))[0]).toMatchObject({ rule: "kill-mode-leaves-children", severity: "medium", fix: { stopasgroup: true, killasgroup: true } });
    expect(advisePolicy(policy("supervisord", off, { command: "/opt/app/run.sh" }))[0]).toMatchObject({ rule: "kill-mode-leaves-children" });
    expect(advisePolicy(policy("supervisord", off, { command: "/usr/bin/app" }))).toEqual([]);
  });

  it("flags discarded logs (stderr only when not redirected), autorestart off, and very many retries", () => {
    expect(advisePolicy(policy("supervisord", { ...healthyProgram, stdout_logfile: "NONE" }))[0]).toMatchObject({ rule: "logs-discarded", fix: { stdout_logfile: "AUTO" } });
    expect(rules(policy("supervisord", { ...healthyProgram, stderr_logfile: "NONE", redirect_stderr: true }))).toEqual([]);
    expect(rules(policy("supervisord", { ...healthyProgram, autorestart: "false" }))).toEqual(["autorestart-off"]);
    expect(rules(policy("supervisord", { ...healthyProgram, startretries: 30 }))).toEqual(["start-limit-never-stops"]);
  });
});
