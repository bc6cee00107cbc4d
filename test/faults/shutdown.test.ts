import { rm } from "node:fs/promises";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "@/test/harness/app";
import { programCommand, startSupervisord, type SupervisordInstance } from "@/test/harness/supervisord";
import { openRawStream, readFleet, readMetric, waitFor, type RawStream } from "./helpers";

const FOLLOWS = 100;

function integrityOf(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return String(db.pragma("integrity_check", { simple: true }));
  } finally {
    db.close();
  }
}

describe("the dashboard stops and dies without losing anything (built app, real supervisord)", () => {
  let sv: SupervisordInstance;
  const config = (socket: string) => ({
    hosts: [{ id: "web", supervisord: { socket, timeoutMs: 2_000 } }],
    metrics: { enabled: true },
    streams: { maxPerUser: FOLLOWS + 10 },
  });

  beforeAll(async () => {
    sv = await startSupervisord({
      programs: [
        // A start that takes a while (startsecs), so SIGTERM lands while the action is in flight.
        { name: "slow", command: programCommand("sleeper.sh"), startsecs: 4 },
        { name: "chatty", command: programCommand("logger.sh", 0.2), startsecs: 0 },
        // A start that outlives the 10 s drain (startsecs 16).
        { name: "glacial", command: programCommand("sleeper.sh"), startsecs: 16, autostart: false },
        { name: "flappy", command: programCommand("crash-loop.sh"), startsecs: 0, autorestart: true, startretries: 1000 },
      ],
    });
  });
  afterAll(async () => {
    await sv?.stop();
  });

  it("SIGTERM with an action and 100 log follows open: the action finishes and is stored, streams end with event: shutdown, exit 0", async () => {
    const app = await startApp(config(sv.socketPath));
    const dataDir = app.dir;
    try {
      const snapshot = await waitFor("both programs running", async () => {
        const s = await readFleet(app);
        const up = s.processes.filter((p) => ["slow", "chatty"].includes(p.name) && p.state === "running");
        return up.length === 2 ? s : undefined;
      });
      const id = (name: string) => snapshot.processes.find((p) => p.name === name)?.id ?? "";
      // A few at a time: each follow first reads the log's end, and the host's bulkhead limits those.
      const viewer = await app.headersFor("viewer");
      const operator = await app.headersFor("operator");
      const followUrl = `${app.url}/api/processes/${encodeURIComponent(id("chatty"))}/logs/follow?stream=stdout`;
      const follows: RawStream[] = [];
      while (follows.length < FOLLOWS) {
        follows.push(...(await Promise.all(Array.from({ length: 10 }, () => openRawStream(followUrl, viewer)))));
      }
      expect(follows.map((s) => s.status).filter((s) => s !== 200)).toEqual([]);
      await waitFor("100 log follows open", async () => (await readMetric(app.url, /respawn_live_streams\{kind="log"\} (\d+)/)) === FOLLOWS);

      const startedAt = Date.now();
      const action = fetch(`${app.url}/api/processes/${encodeURIComponent(id("slow"))}/actions`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...operator },
        body: JSON.stringify({ action: "restart" }),
      });
      await waitFor("the action in flight", async () => (await readMetric(app.url, /^respawn_actions_in_flight (\d+)$/m)) === 1);
      const exit = app.kill("SIGTERM");

      // While it drains: unready at once, and new actions are refused rather than cut short.
      await waitFor("readiness to drop", async () => (await fetch(`${app.url}/readyz`)).status === 503);
      const late = await fetch(`${app.url}/api/processes/${encodeURIComponent(id("chatty"))}/actions`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...operator },
        body: JSON.stringify({ action: "stop" }),
      });
      expect(late.status).toBe(503);

      const res = await action;
      expect(res.status).toBe(200);
      const result = (await res.json()) as { process?: { state: string } };
      expect(result.process?.state).toBe("running");

      await Promise.all(follows.map((s) => s.ended));
      for (const s of follows) expect(s.text()).toMatch(/event: shutdown\ndata: \{"reason":"[^"]+"\}\n\n$/);
      expect(await exit).toBe(0);
      expect(app.output()).toContain("respawn: shutdown complete");

      const file = path.join(dataDir, "respawn.db");
      expect(integrityOf(file)).toBe("ok");
      const db = new Database(file, { readonly: true });
      try {
        const rows = db
          .prepare("SELECT to_state FROM transitions WHERE name = 'slow' AND at >= ? ORDER BY at, id")
          .all(startedAt) as Array<{ to_state: string }>;
        expect(rows.map((r) => r.to_state)).toContain("running");
        // The audit log holds the action's outcome, not only the attempt.
        const audit = db
          .prepare("SELECT result FROM audit WHERE action = 'process.restart' AND target = 'web/supervisord/slow' AND at >= ?")
          .all(startedAt) as Array<{ result: string }>;
        expect(audit.map((a) => a.result)).toContain("done");
      } finally {
        db.close();
      }
    } finally {
      await app.stop();
    }
  });

  it("SIGTERM with an action that outlives the drain: audited unknown with why, and the exit status says the drain was cut short", async () => {
    const app = await startApp(config(sv.socketPath));
    const dataDir = app.dir;
    try {
      const snapshot = await waitFor("glacial listed", async () => {
        const s = await readFleet(app);
        return s.processes.some((p) => p.name === "glacial" && p.state === "stopped") ? s : undefined;
      });
      const id = snapshot.processes.find((p) => p.name === "glacial")?.id ?? "";
      const startedAt = Date.now();
      const action = fetch(`${app.url}/api/processes/${encodeURIComponent(id)}/actions`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(await app.headersFor("operator")) },
        body: JSON.stringify({ action: "start" }),
      }).catch((e: unknown) => e);
      await waitFor("the action in flight", async () => (await readMetric(app.url, /^respawn_actions_in_flight (\d+)$/m)) === 1);
      expect(await app.kill("SIGTERM")).toBe(3);
      await action;
      expect(app.output()).toMatch(/the drain was cut short: 1 action\(s\) still running, audited "unknown"/);
      const db = new Database(path.join(dataDir, "respawn.db"), { readonly: true });
      try {
        const audit = db
          .prepare("SELECT result, detail FROM audit WHERE action = 'process.start' AND target = 'web/supervisord/glacial' AND at >= ? ORDER BY id")
          .all(startedAt) as Array<{ result: string; detail: string | null }>;
        expect(audit.map((a) => a.result)).toEqual(["attempted", "unknown"]);
        expect(audit[1]?.detail).toMatch(/shut down while the action was still running \(the 10 s drain ended first\): the host may have run it/);
      } finally {
        db.close();
      }
    } finally {
      await app.stop();
    }
  });

  it("after kill -9 in the middle of writing history, the store opens intact with what was committed", async () => {
    const app = await startApp(config(sv.socketPath));
    const file = path.join(app.dir, "respawn.db");
    try {
      const committed = await waitFor("restarts of the crash loop recorded", () => {
        const db = new Database(file, { readonly: true, fileMustExist: true });
        try {
          const { n } = db.prepare("SELECT count(*) AS n FROM transitions WHERE name = 'flappy'").get() as { n: number };
          return n >= 6 ? n : undefined;
        } finally {
          db.close();
        }
      });
      expect(await app.kill("SIGKILL")).toBeNull();
      expect(integrityOf(file)).toBe("ok");
      const db = new Database(file);
      try {
        const { n } = db.prepare("SELECT count(*) AS n FROM transitions WHERE name = 'flappy'").get() as { n: number };
        expect(n).toBeGreaterThanOrEqual(committed);
        expect(String(db.pragma("journal_mode", { simple: true }))).toBe("wal");
      } finally {
        db.close();
      }
    } finally {
      await app.stop();
      await rm(app.dir, { recursive: true, force: true });
    }
  });
});
