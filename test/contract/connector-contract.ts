/**
 * The contract every Connector must pass (the fake, supervisord, systemd). Backend-neutral: the
 * setup names three processes it runs and the suite only speaks through the Connector interface.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connector, LogChunk, LogStream, ProcessInfo } from "@/lib/connectors/types";
import { isRespawnError, type ErrorCode } from "@/lib/util/errors";

export interface ContractSubject {
  connector: Connector;
  /** A long-running process (running, or about to be, when setup returns). */
  healthy: string;
  /** A process that crash-loops until the manager gives up on it. */
  gaveUp: string;
  /** A process that writes a line periodically to its main log. */
  logger: string;
  loggerStream: LogStream;
  /** Text every line the logger writes contains (optional; otherwise any line will do). */
  loggerMarker?: string;
  teardown(): Promise<void>;
}

const CASE_TIMEOUT = 90_000;

/** Polls `read` until `ok` holds; fails with the last value after `tries` attempts. */
export async function waitFor<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  tries = 200,
  everyMs = 250,
): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < tries; i++) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`condition not reached; last value: ${JSON.stringify(last)}`);
}

/** Asserts that `p` rejects with a RespawnError of the given code (any code when omitted). */
export async function expectRespawnError(p: Promise<unknown>, code?: ErrorCode): Promise<void> {
  const e = await p.then(
    () => new Error("expected a rejection"),
    (err: unknown) => err,
  );
  expect(isRespawnError(e), `not a RespawnError: ${String(e)}`).toBe(true);
  if (code && isRespawnError(e)) expect(e.code).toBe(code);
}

const live = () => new AbortController().signal;
const aborted = () => AbortSignal.abort();

export function describeConnectorContract(
  label: string,
  setup: () => Promise<ContractSubject>,
): void {
  describe(`Connector contract: ${label}`, () => {
    let s: ContractSubject;
    const get = (name: string): Promise<ProcessInfo> => s.connector.getProcess(name, live());

    beforeAll(async () => {
      s = await setup();
    }, 120_000);
    afterAll(async () => {
      await s?.teardown();
    }, 60_000);

    it("lists the healthy process as running with a pid", { timeout: CASE_TIMEOUT }, async () => {
      const list = await waitFor(
        () => s.connector.listProcesses(live()),
        (l) => l.some((x) => x.name === s.healthy && x.state === "running"),
      );
      const p = list.find((x) => x.name === s.healthy);
      expect(p?.state).toBe("running");
      expect(p?.pid).toBeGreaterThan(0);
      expect(p?.hostId).toBe(s.connector.hostId);
      expect(new Set(list.map((x) => x.id)).size).toBe(list.length);
    });

    it("getProcess of an unknown name is NOT_FOUND", async () => {
      await expectRespawnError(s.connector.getProcess("no-such-process-xyz", live()), "NOT_FOUND");
    });

    it("control of an unknown name is NOT_FOUND", async () => {
      await expectRespawnError(
        s.connector.control("no-such-process-xyz", "start", live()),
        "NOT_FOUND",
      );
    });

    it(
      "stop then start: the state read back follows",
      async () => {
        const stopped = await s.connector.control(s.healthy, "stop", live());
        expect(stopped.ok).toBe(true);
        expect(stopped.action).toBe("stop");
        expect(stopped.message).not.toBe("");
        expect((await get(s.healthy)).state).toBe("stopped");
        const started = await s.connector.control(s.healthy, "start", live());
        expect(started.ok).toBe(true);
        expect(started.process?.state).toBe("running");
        const now = await get(s.healthy);
        expect(now.state).toBe("running");
        expect(now.pid).toBeGreaterThan(0);
      },
      CASE_TIMEOUT,
    );

    it(
      "restart leaves it running with a different pid",
      async () => {
        const before = await waitFor(
          () => get(s.healthy),
          (p) => p.state === "running",
        );
        const result = await s.connector.control(s.healthy, "restart", live());
        expect(result.ok).toBe(true);
        expect(result.process?.state).toBe("running");
        const after = await get(s.healthy);
        expect(after.state).toBe("running");
        expect(after.pid).toBeGreaterThan(0);
        expect(after.pid).not.toBe(before.pid);
      },
      CASE_TIMEOUT,
    );

    it(
      "a crash-looping process is shown as gave-up, and reset-and-start starts it again",
      async () => {
        const before = await waitFor(
          () => get(s.gaveUp),
          (p) => p.state === "gave-up",
        );
        const result = await s.connector.control(s.gaveUp, "reset-and-start", live());
        expect(result.action).toBe("reset-and-start");
        expect(result.message.trim()).not.toBe("");
        const after = result.process ?? (await get(s.gaveUp));
        // It was really started again: it left gave-up, or its history moved on.
        const movedOn =
          after.state !== "gave-up" ||
          after.since !== before.since ||
          after.restarts !== before.restarts;
        expect(
          movedOn,
          `not started again: ${JSON.stringify({ before, after, message: result.message })}`,
        ).toBe(true);
        if (!result.ok) expect(result.message).toMatch(/gave up|spawn|fail|exit|crash|limit/i);
        // A process that gave up again is never "done", and a host that answered is never "unknown".
        expect(result.outcome).toBe(result.ok ? "done" : "failed");
        if (after.state === "gave-up" || after.state === "crashed") expect(result.outcome).toBe("failed");
      },
      CASE_TIMEOUT,
    );

    it(
      "readLog without a cursor returns the logger's last lines",
      async () => {
        const chunk = await waitFor(
          () => s.connector.readLog(s.logger, s.loggerStream, { maxLines: 20 }, live()),
          (c) => c.lines.length > 0,
        );
        expect(chunk.lines.length).toBeLessThanOrEqual(20);
        expect(chunk.cursor).not.toBe("");
        for (const line of chunk.lines) {
          expect(line.stream).toBe(s.loggerStream);
          expect(line.text).not.toContain("\n");
        }
        if (s.loggerMarker)
          expect(chunk.lines.some((l) => l.text.includes(s.loggerMarker!))).toBe(true);
      },
      CASE_TIMEOUT,
    );

    it(
      "followLog from the tail cursor yields a new line",
      async () => {
        const tail = await s.connector.readLog(s.logger, s.loggerStream, { maxLines: 5 }, live());
        const ac = new AbortController();
        const limit = setTimeout(() => ac.abort(), 30_000);
        let got: LogChunk | null = null;
        try {
          for await (const chunk of s.connector.followLog(
            s.logger,
            s.loggerStream,
            tail.cursor,
            ac.signal,
          )) {
            if (chunk.lines.length > 0) {
              got = chunk;
              break;
            }
          }
        } finally {
          clearTimeout(limit);
          ac.abort();
        }
        expect(got?.lines.length).toBeGreaterThan(0);
        expect(got?.cursor).not.toBe(tail.cursor);
        if (s.loggerMarker)
          expect(got?.lines.some((l) => l.text.includes(s.loggerMarker!))).toBe(true);
      },
      CASE_TIMEOUT,
    );

    it("an already-aborted signal rejects every call, and no action runs", async () => {
      const before = await waitFor(
        () => get(s.healthy),
        (p) => p.state === "running",
      );
      await expectRespawnError(s.connector.listProcesses(aborted()));
      await expectRespawnError(s.connector.getProcess(s.healthy, aborted()));
      await expectRespawnError(s.connector.readLog(s.logger, s.loggerStream, {}, aborted()));
      await expectRespawnError(s.connector.health(aborted()));
      await expectRespawnError(s.connector.control(s.healthy, "stop", aborted()));
      const after = await get(s.healthy);
      expect(after.state).toBe("running");
      expect(after.pid).toBe(before.pid);
    }, 20_000);

    it("health answers with a version", async () => {
      const h = await s.connector.health(live());
      expect(h.version).not.toBe("");
    });
  });
}
