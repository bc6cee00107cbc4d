import { describe, expect, it } from "vitest";
import { deriveChange, rawWord } from "./derive";
import { processInfo as p } from "./test-process";

const running = (pid: number) => p({ state: "running", rawState: "RUNNING", pid });
const exited = p({ state: "crashed", rawState: "EXITED", pid: null, exitStatus: 1 });
const backoff = (tries: number | null) => p({ state: "starting", rawState: "BACKOFF", pid: null, restarts: tries });
const starting = (pid: number, tries: number | null = null) => p({ state: "starting", rawState: "STARTING", pid, restarts: tries });
const stopped = p({ state: "stopped", rawState: "STOPPED", pid: null });

describe("supervisord restarts from polling", () => {
  it.each([
    ["a new pid while running", running(1), running(2), 1],
    ["a spawn after an exit", exited, running(2), 1],
    ["a spawn after a backoff", backoff(1), starting(5, 1), 1],
    ["a start from stopped", stopped, running(2), 0],
    ["a user's stop and start seen mid-way", p({ state: "stopping", rawState: "STOPPING", pid: 1 }), running(2), 0],
    ["backoff tries going up", backoff(1), backoff(3), 2],
    ["a streak after a run", running(1), backoff(2), 2],
    ["a first spawn failing", starting(1, 0), backoff(2), 1],
    ["a first spawn failing, tries of the spawn unknown", starting(1), backoff(2), 0],
    ["gave up after backoff (no spawn needed)", backoff(3), p({ state: "gave-up", rawState: "FATAL", pid: null }), 0],
    ["the same run", running(1), running(1), 0],
  ])("%s", (_, prev, next, n) => {
    expect(deriveChange(prev, next).restarts).toBe(n);
    expect(deriveChange(prev, next).exact).toBe(false);
  });

  it("counts supervisord's own BACKOFF retries during a user's start, not the start itself", () => {
    expect(deriveChange(stopped, starting(5), "alice")).toMatchObject({ restarts: 0, transition: { cause: "action" } });
    expect(deriveChange(backoff(1), backoff(3), "alice").restarts).toBe(2);
  });

  it("does not count a user's action as a restart by the manager", () => {
    const change = deriveChange(running(1), running(2), "alice");
    expect(change.restarts).toBe(0);
    expect(change.transition).toMatchObject({ cause: "action", pid: 2 });
  });

  it("sees nothing on a first sight", () => {
    expect(deriveChange(undefined, running(1))).toEqual({ transition: null, restarts: 0, exact: false });
  });
});

describe("systemd restarts", () => {
  const unit = (n: number | null, state: "running" | "starting" = "running") =>
    p({ manager: "systemd", name: "a.service", restarts: n, state, rawState: state === "running" ? "active (running)" : "activating (auto-restart)" });

  it("counts NRestarts increments exactly and ignores a reset", () => {
    expect(deriveChange(unit(2), unit(5))).toMatchObject({ restarts: 3, exact: true });
    expect(deriveChange(unit(5), unit(0)).restarts).toBe(0);
  });

  it("still counts systemd's own restarts while a user's reset-and-start waits to settle, and calls them the manager's", () => {
    const change = deriveChange(unit(0), unit(1, "starting"), "alice");
    expect(change.restarts).toBe(1);
    expect(change.transition?.cause).toBe("manager-restart");
    const gaveUp = p({ manager: "systemd", name: "a.service", restarts: 3, state: "gave-up", rawState: "failed (exit-code)" });
    expect(deriveChange(unit(2, "starting"), gaveUp, "alice").transition?.cause).toBe("crash");
  });
});

describe("transitions", () => {
  it("names the cause: crash, restart by the manager, stop, start", () => {
    expect(deriveChange(running(1), exited).transition).toMatchObject({ fromState: "running", toState: "crashed", cause: "crash", exitStatus: 1 });
    expect(deriveChange(exited, running(2)).transition?.cause).toBe("manager-restart");
    expect(deriveChange(running(1), stopped).transition?.cause).toBe("stop");
    expect(deriveChange(stopped, running(1)).transition?.cause).toBe("start");
    expect(deriveChange(running(1), running(1)).transition).toBeNull();
  });

  it("keeps exit facts on the change that ended a run, with that run's pid, and none on a start", () => {
    const crash = deriveChange(running(7), { ...exited, exitSignal: "SIGKILL" }).transition;
    expect(crash).toMatchObject({ exitStatus: 1, signal: "SIGKILL", pid: 7 });
    const restart = deriveChange({ ...exited, exitStatus: 0 }, { ...running(8), exitStatus: 0 }).transition;
    expect(restart).toMatchObject({ toState: "running", exitStatus: null, signal: null, pid: 8 });
    const autoRestart = deriveChange(running(8), { ...backoff(1), exitStatus: 2 }).transition;
    expect(autoRestart).toMatchObject({ toState: "starting", exitStatus: 2, pid: 8 });
  });

  it("keeps the exit of a spawn that failed too quickly (STARTING → BACKOFF), so a crash loop's rows carry their codes", () => {
    const tooQuick = deriveChange(starting(9, 1), { ...backoff(2), exitStatus: 78 }).transition;
    expect(tooQuick).toMatchObject({ toState: "starting", rawState: "BACKOFF", exitStatus: 78, pid: 9 });
    const unit = (sub: string, pid: number | null) =>
      p({ manager: "systemd", state: "starting", rawState: `activating/${sub}`, pid, exitStatus: 3, details: { subState: sub } });
    expect(deriveChange(unit("start", 5), unit("auto-restart", null)).transition).toMatchObject({ exitStatus: 3, pid: 5 });
  });

  it("reads the state word of a raw state", () => {
    expect(rawWord("failed (exit-code)")).toBe("FAILED");
    expect(rawWord(" BACKOFF")).toBe("BACKOFF");
  });
});
