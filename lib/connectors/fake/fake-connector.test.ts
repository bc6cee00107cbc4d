import { describe, expect, it } from "vitest";
import type { ConnectorEvent } from "@/lib/connectors/types";
import { RespawnError } from "@/lib/util/errors";
import { describeConnectorContract } from "@/test/contract/connector-contract";
import { createFakeConnector } from "./fake-connector";

describeConnectorContract("fake", async () => {
  const connector = createFakeConnector({
    hostId: "fake-1",
    processes: [
      { name: "web", state: "running", pid: 42 },
      { name: "flaky", state: "gave-up", behavior: "crash-loop", since: 1, restarts: 3 },
      { name: "chatty", state: "running", pid: 43 },
    ],
  });
  connector.appendLog("chatty", "stdout", "tick 0");
  let n = 1;
  const timer = setInterval(() => connector.appendLog("chatty", "stdout", `tick ${n++}`), 50);
  return {
    connector,
    healthy: "web",
    gaveUp: "flaky",
    logger: "chatty",
    loggerStream: "stdout",
    loggerMarker: "tick",
    teardown: async () => clearInterval(timer),
  };
});

describe("fake connector controls", () => {
  const live = () => new AbortController().signal;

  it("emits a process event when a test changes state", () => {
    const fake = createFakeConnector({
      hostId: "h",
      processes: [{ name: "g:a", state: "running", pid: 1 }],
    });
    const events: ConnectorEvent[] = [];
    fake.subscribe((e) => events.push(e));
    const p = fake.setState("g:a", "crashed", { exitStatus: 2 });
    expect(p.group).toBe("g");
    expect(p.rawState).toBe("EXITED");
    expect(events).toEqual([{ type: "process", process: p }]);
  });

  it("fails every call while a failure is set, and recovers", async () => {
    const fake = createFakeConnector({ hostId: "h", processes: [{ name: "a" }] });
    fake.failWith(new RespawnError("UNREACHABLE", "connection refused"));
    await expect(fake.listProcesses(live())).rejects.toMatchObject({ code: "UNREACHABLE" });
    fake.failWith(null);
    await expect(fake.listProcesses(live())).resolves.toHaveLength(1);
  });

  it("reports a rotation to a follower holding an old cursor", async () => {
    const fake = createFakeConnector({ hostId: "h", processes: [{ name: "a" }] });
    fake.appendLog("a", "stderr", "one", "two");
    const tail = await fake.readLog("a", "stderr", {}, live());
    fake.rotateLog("a", "stderr");
    fake.appendLog("a", "stderr", "three");
    const next = await fake.readLog("a", "stderr", { cursor: tail.cursor }, live());
    expect(next.rotated).toBe(true);
    expect(next.lines.map((l) => l.text)).toEqual(["three"]);
  });

  it("records control calls and reports a spawn error", async () => {
    const fake = createFakeConnector({
      hostId: "h",
      processes: [{ name: "a", behavior: "spawn-error" }],
    });
    const r = await fake.control("a", "start", live());
    expect(r).toMatchObject({ ok: false, message: "spawn error: can't find command" });
    expect(r.process?.state).toBe("gave-up");
    expect(fake.controlCalls).toEqual([{ name: "a", action: "start" }]);
  });
});
