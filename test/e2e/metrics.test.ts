/**
 * /metrics of the running dashboard against a real supervisord (and a host that is not there):
 * promtool accepts the live exposition, and the counters move with what really happened.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppInstance } from "../harness/app";
import { programCommand, startSupervisord, type SupervisordInstance } from "../harness/supervisord";
import type { FleetSnapshot } from "../../lib/fleet/types";

let sv: SupervisordInstance;
let app: AppInstance;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const scrape = async () => (await fetch(`${app.url}/metrics`)).text();
const sample = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

async function readApi() {
  const fleet = (await (await fetch(`${app.url}/api/fleet`, { headers: await app.headersFor("viewer") })).json()) as FleetSnapshot;
  const api = fleet.processes.find((p) => p.hostId === "sv" && p.name === "api");
  if (!api) throw new Error("no api process yet");
  return api;
}

async function waitFor(what: string, probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await probe().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  sv = await startSupervisord({
    programs: [
      { name: "api", command: programCommand("sleeper.sh"), startsecs: 1, autorestart: true },
      { name: "broken", command: programCommand("crash-loop.sh"), startsecs: 1, startretries: 1 },
    ],
  });
  app = await startApp({
    metrics: { enabled: true },
    hosts: [
      { id: "sv", supervisord: { socket: sv.socketPath } },
      { id: "gone", supervisord: { socket: `${sv.dir}/no-such.sock`, timeoutMs: 500 } },
    ],
  });
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await sv?.stop();
});

describe("/metrics on a live dashboard", () => {
  it("passes promtool and counts polls, poll errors, actions, sign-in failures and restarts", async () => {
    await waitFor("api running", async () => {
      const fleet = (await (await fetch(`${app.url}/api/fleet`, { headers: await app.headersFor("viewer") })).json()) as FleetSnapshot;
      return fleet.processes.some((p) => p.name === "api" && p.state === "running");
    });
    const api = await readApi();
    const res = await fetch(`${app.url}/api/processes/${encodeURIComponent(api.id)}/actions`, {
      method: "POST",
      headers: { ...(await app.headersFor("operator")), "Content-Type": "application/json" },
      body: JSON.stringify({ action: "restart" }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const wrong = await fetch(`${app.url}/api/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: app.url },
      body: JSON.stringify({ name: "admin", password: "not the password at all" }),
    });
    expect(wrong.status).toBe(401);
    // A crash the manager restarts: the dashboard counts it as a restart.
    const restarted = await readApi();
    process.kill(restarted.pid!, "SIGKILL");
    await waitFor("api restarted by supervisord", async () => {
      const p = await readApi();
      return p.state === "running" && p.pid !== restarted.pid && (p.history?.sinceFirstSeen.count ?? 0) >= 1;
    });
    await waitFor("broken gave up", async () => sample(await scrape(), 'respawn_processes{host="sv",manager="supervisord",state="gave-up"}') === 1);

    const text = await scrape();
    expect(execFileSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" })).toBe("");
    expect(sample(text, 'respawn_poll_duration_seconds_count{host="sv",manager="supervisord"}')).toBeGreaterThan(0);
    expect(sample(text, 'respawn_poll_errors_total{host="gone",manager="supervisord",code="UNREACHABLE"}')).toBeGreaterThan(0);
    expect(sample(text, 'respawn_endpoint_up{host="gone",manager="supervisord"}')).toBe(0);
    expect(sample(text, 'respawn_actions_total{action="restart",outcome="done"}')).toBe(1);
    expect(sample(text, 'respawn_sign_in_failures_total{reason="failed"}')).toBe(1);
    // The counter and its exactness say what the dashboard's own API says about each process.
    const now = (await (await fetch(`${app.url}/api/fleet`, { headers: await app.headersFor("viewer") })).json()) as FleetSnapshot;
    for (const p of now.processes.filter((p) => p.hostId === "sv")) {
      const labels = `{host="sv",manager="supervisord",process="${p.name}"}`;
      expect(sample(text, `respawn_process_restarts_total${labels}`), p.name).toBe(p.history?.sinceFirstSeen.count);
      expect(sample(text, `respawn_process_restarts_exact${labels}`), p.name).toBe(p.history?.sinceFirstSeen.exact ? 1 : 0);
    }
    expect(sample(text, 'respawn_process_restarts_total{host="sv",manager="supervisord",process="api"}')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^respawn_build_info\{version="[^"]+",node="v20[^"]*"\} 1$/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d+/m);
    expect(text).toContain("# TYPE respawn_process_restarts_total counter");
  });
});
