import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppInstance } from "@/test/harness/app";
import { programCommand, startSupervisord, type SupervisordInstance } from "@/test/harness/supervisord";
import { endpointOf, waitFor } from "./helpers";

const programs = [{ name: "api", command: programCommand("sleeper.sh"), startsecs: 0 }];

describe("a hung or dead supervisord stays its own host's problem (built app, real supervisord)", () => {
  let hung: SupervisordInstance;
  let healthy: SupervisordInstance;
  let app: AppInstance;

  beforeAll(async () => {
    [hung, healthy] = await Promise.all([startSupervisord({ programs }), startSupervisord({ programs })]);
    app = await startApp({
      hosts: [
        { id: "hung", supervisord: { socket: hung.socketPath, timeoutMs: 1_000, pollIntervalMs: 500 } },
        { id: "healthy", supervisord: { socket: healthy.socketPath, timeoutMs: 1_000, pollIntervalMs: 500 } },
      ],
    });
    await waitFor("both hosts up", async () => (await endpointOf(app, "hung")).status === "up" && (await endpointOf(app, "healthy")).status === "up");
  });
  afterAll(async () => {
    if (hung?.pid) process.kill(hung.pid, "SIGCONT");
    await app?.stop();
    await Promise.all([hung?.stop(), healthy?.stop()]);
  });

  it("SIGSTOP: the host shows timeout while the other keeps polling and Respawn stays ready; SIGCONT: it recovers by itself", async () => {
    process.kill(hung.pid, "SIGSTOP");
    const seen = new Set<number>();
    const stuck = await waitFor("the stopped host to show timeout", async () => {
      const other = await endpointOf(app, "healthy");
      expect(other.status).toBe("up");
      if (other.lastOkAt) seen.add(other.lastOkAt);
      const e = await endpointOf(app, "hung");
      return e.status === "timeout" ? e : undefined;
    });
    expect(stuck.error?.code).toBe("TIMEOUT");
    // The healthy host goes on being polled while the other hangs (several fresh reads, still up).
    await waitFor("more polls of the healthy host", async () => {
      const other = await endpointOf(app, "healthy");
      expect(other.status).toBe("up");
      if (other.lastOkAt) seen.add(other.lastOkAt);
      return seen.size >= 5;
    });
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);

    process.kill(hung.pid, "SIGCONT");
    const back = await waitFor("the host to recover by itself", async () => {
      const e = await endpointOf(app, "hung");
      return e.status === "up" ? e : undefined;
    }, 60_000);
    expect(back.error).toBeNull();
  });

  it("killed with its socket left behind: shown down with a reason, never unready; recovers when started again", async () => {
    await hung.kill("SIGKILL");
    expect(existsSync(hung.socketPath)).toBe(true);
    const down = await waitFor("the host to show down", async () => {
      const e = await endpointOf(app, "hung");
      return e.status === "down" || e.status === "circuit-open" ? e : undefined;
    });
    expect(down.error?.message).toMatch(/refused|socket/i);
    expect((await endpointOf(app, "healthy")).status).toBe("up");
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);

    await hung.restart();
    await waitFor("the host to come back", async () => (await endpointOf(app, "hung")).status === "up", 60_000);
  });
});
