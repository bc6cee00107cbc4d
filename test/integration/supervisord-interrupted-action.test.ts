import { readFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSupervisordConnector } from "@/lib/connectors/supervisord/connector";
import type { Connector } from "@/lib/connectors/types";
import { waitFor } from "@/test/contract/connector-contract";
import { programCommand, startSupervisord, type SupervisordInstance } from "@/test/harness/supervisord";

const live = () => new AbortController().signal;

/**
 * A unix-socket pass-through to the real supervisord that freezes it (SIGSTOP) the moment a
 * startProcess request goes by, then forwards the request: the frozen supervisord holds it.
 */
function freezeOnStart(socketPath: string, pid: () => number): Promise<{ path: string; close: () => void }> {
  const at = `${socketPath}.freeze`;
  const server = net.createServer((client) => {
    const upstream = net.connect(socketPath);
    client.on("data", (d) => {
      if (d.toString().includes("supervisor.startProcess")) process.kill(pid(), "SIGSTOP");
      upstream.write(d);
    });
    upstream.pipe(client);
    const end = () => (client.destroy(), upstream.destroy());
    client.on("error", end).on("close", end);
    upstream.on("error", end);
  });
  return new Promise((resolve) => server.listen(at, () => resolve({ path: at, close: () => server.close() })));
}

describe("an action the host interrupts is unknown, never failed (real supervisord)", () => {
  let sv: SupervisordInstance;
  let c: Connector;
  const starts = async () =>
    (await readFile(path.join(sv.dir, "STARTS"), "utf8").catch(() => "")).split("\n").filter(Boolean).length;

  beforeEach(async () => {
    sv = await startSupervisord({
      programs: [
        { name: "slow", command: programCommand("start-counter.sh", "STARTS"), autostart: false, startsecs: 4 },
      ],
    });
    c = createSupervisordConnector("cut", { socket: sv.socketPath, timeoutMs: 1_000 });
  });
  afterEach(async () => {
    if (sv?.pid) {
      try {
        process.kill(sv.pid, "SIGCONT");
      } catch {
        // already gone
      }
    }
    await c?.close();
    await sv?.stop().catch(() => undefined);
  });

  it("killed with SIGKILL mid-start: unknown, the state re-read (it does not answer), and the start did run", async () => {
    const pending = c.control("slow", "start", live());
    await waitFor(() => starts(), (n) => n === 1);
    await sv.kill("SIGKILL");
    const r = await pending;
    expect(r.outcome).toBe("unknown");
    expect(r.ok).toBe(false);
    expect(r.process).toBeNull();
    expect(r.message).toMatch(/request was sent but no answer came/);
    expect(r.message).toMatch(/refused|missing/);
    expect(r.message).toMatch(/may have run it, so it was not retried — its state could not be read either/);
    expect(await starts()).toBe(1);
  });

  it("frozen with SIGSTOP as the start arrives: unknown; once thawed, the start it was sent had run — and only once", async () => {
    const proxy = await freezeOnStart(sv.socketPath, () => sv.pid);
    const frozen = createSupervisordConnector("cut", { socket: proxy.path, timeoutMs: 1_000 });
    try {
      const r = await frozen.control("slow", "start", live());
      expect(r).toMatchObject({ outcome: "unknown", ok: false, process: null });
      expect(r.message).toMatch(/no answer within 1000 ms/);
      process.kill(sv.pid, "SIGCONT");
      const after = await waitFor(() => c.getProcess("slow", live()), (p) => p.state === "running", 120);
      expect(after.rawState).toBe("RUNNING");
      expect(await starts()).toBe(1);
    } finally {
      proxy.close();
      await frozen.close();
    }
  });

  it("frozen with SIGSTOP while the start settles, thawed before the re-read ends: unknown with the state read just now", async () => {
    const pending = c.control("slow", "start", live());
    await waitFor(() => starts(), (n) => n === 1);
    process.kill(sv.pid, "SIGSTOP");
    // Thawed while Respawn re-reads (a poll times out after 1 s; the re-read may take 2 s more).
    setTimeout(() => process.kill(sv.pid, "SIGCONT"), 1_500);
    const r = await pending;
    expect(r.outcome).toBe("unknown");
    expect(r.process?.state).toMatch(/starting|running/);
    expect(r.message).toMatch(/state read just now: (STARTING|RUNNING) \(pid \d+\)/);
  });

  it("a host that refuses the connection before anything is sent: an error, nothing run", async () => {
    await sv.kill("SIGKILL");
    await expect(c.control("slow", "start", live())).rejects.toMatchObject({ code: "UNREACHABLE" });
    expect(await starts()).toBe(0);
  });
});
