import type { ControlAction, ControlResult, ProcessInfo } from "@/lib/connectors/types";
import { controlResult, mayHaveReachedHost, unknownResult, whyNoAnswer } from "@/lib/connectors/outcome";
import { RespawnError } from "@/lib/util/errors";
import type { SupervisordClient } from "./client";
import { isFault } from "./faults";
import type { ProgramConfig } from "./mapper";
import type { WireProcessInfo } from "./wire";

export interface ControlContext {
  client: SupervisordClient;
  name: string;
  config: ProgramConfig | undefined;
  toProcess(wire: WireProcessInfo): ProcessInfo;
  signal: AbortSignal;
}

const POLL_MS = 150;
const MAX_SETTLE_MS = 60_000;
const UP = ["RUNNING", "STARTING", "BACKOFF"];
const START_SETTLED = ["RUNNING", "FATAL", "EXITED", "STOPPED"];
const STOP_SETTLED = ["STOPPED", "EXITED", "FATAL"];
const SPAWN_FAULTS = ["SPAWN_ERROR", "NO_FILE", "NOT_EXECUTABLE", "ABNORMAL_TERMINATION"];

/** Longest time a start can take to settle: every try's startsecs plus the growing backoff delays. */
function startBudgetMs(c: ProgramConfig | undefined): number {
  const startsecs = c?.startsecs ?? 1;
  const retries = c?.startretries ?? 3;
  const seconds = startsecs * (retries + 1) + (retries * (retries + 1)) / 2 + 5;
  return Math.min(MAX_SETTLE_MS, seconds * 1000);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls getProcessInfo until the state is one of `settled` or the budget is spent. */
async function settle(
  ctx: ControlContext,
  settled: string[],
  budgetMs: number,
): Promise<WireProcessInfo> {
  const until = Date.now() + budgetMs;
  for (;;) {
    const info = await ctx.client.getProcessInfo(ctx.name, ctx.signal);
    if (settled.includes(info.statename) || Date.now() >= until) return info;
    await sleep(POLL_MS);
  }
}

function isWire(v: unknown): v is WireProcessInfo {
  return typeof v === "object" && v !== null && "statename" in v;
}

function describe(info: WireProcessInfo, c: ProgramConfig | undefined): string {
  switch (info.statename) {
    case "RUNNING":
      return `running (pid ${info.pid})`;
    case "FATAL":
      return `gave up after ${(c?.startretries ?? 3) + 1} tries${info.spawnerr ? `: ${info.spawnerr}` : ""}`;
    case "EXITED":
      return `exited with status ${info.exitstatus}`;
    case "STOPPED":
      return "stopped";
    default:
      return `still ${info.statename.toLowerCase()}${info.spawnerr ? `: ${info.spawnerr}` : ""}`;
  }
}

function result(
  ctx: ControlContext,
  action: ControlAction,
  ok: boolean,
  info: WireProcessInfo,
  message?: string,
): ControlResult {
  const why = message ?? describe(info, ctx.config);
  return controlResult(ok ? "done" : "failed", action, ctx.name, ctx.toProcess(info), why);
}

/** The request went out and no answer came back: the host may have run it. */
function noAnswer(ctx: ControlContext, action: ControlAction, e: unknown): Promise<ControlResult> {
  return unknownResult(action, ctx.name, whyNoAnswer(e), async (signal) =>
    ctx.toProcess(await ctx.client.getProcessInfo(ctx.name, signal)),
  );
}

/**
 * Runs `step`, which sends a request that changes something: an error that may have reached
 * supervisord is the `unknown` outcome; one that could not have (or a refusal) is thrown as is.
 */
async function sent(
  ctx: ControlContext,
  action: ControlAction,
  step: () => Promise<ControlResult>,
): Promise<ControlResult> {
  try {
    return await step();
  } catch (e) {
    if (!mayHaveReachedHost(e)) throw e;
    return noAnswer(ctx, action, e);
  }
}

async function start(ctx: ControlContext, action: ControlAction): Promise<ControlResult> {
  try {
    await ctx.client.startProcess(ctx.name, ctx.signal);
  } catch (e) {
    if (isFault(e, "ALREADY_STARTED")) {
      const info = await ctx.client.getProcessInfo(ctx.name, ctx.signal);
      return result(ctx, action, true, info, `already ${describe(info, ctx.config)}`);
    }
    if (e instanceof RespawnError && SPAWN_FAULTS.some((f) => isFault(e, f))) {
      const info = await ctx.client.getProcessInfo(ctx.name, ctx.signal);
      return result(
        ctx,
        action,
        false,
        info,
        `spawn error: ${(e.detail ?? e.message).replace(/^[A-Z_]+: /, "")}`,
      );
    }
    if (mayHaveReachedHost(e)) return noAnswer(ctx, action, e);
    throw e;
  }
  // supervisord accepted the start: from here on, a host that stops answering leaves it unknown.
  const info = await settle(ctx, START_SETTLED, startBudgetMs(ctx.config)).catch((e: unknown) => e);
  if (!isWire(info)) return noAnswer(ctx, action, info);
  const expectedExit =
    info.statename === "EXITED" && (ctx.config?.exitcodes ?? [0]).includes(info.exitstatus);
  return result(ctx, action, info.statename === "RUNNING" || expectedExit, info);
}

async function stop(ctx: ControlContext, action: ControlAction): Promise<ControlResult> {
  try {
    await ctx.client.stopProcess(ctx.name, ctx.signal);
  } catch (e) {
    if (mayHaveReachedHost(e)) return noAnswer(ctx, action, e);
    if (!isFault(e, "NOT_RUNNING")) throw e;
    const info = await ctx.client.getProcessInfo(ctx.name, ctx.signal);
    return result(ctx, action, true, info, `not running (${describe(info, ctx.config)})`);
  }
  const budget = Math.min(MAX_SETTLE_MS, ((ctx.config?.stopwaitsecs ?? 10) + 5) * 1000);
  const info = await settle(ctx, STOP_SETTLED, budget).catch((e: unknown) => e);
  if (!isWire(info)) return noAnswer(ctx, action, info);
  return result(ctx, action, STOP_SETTLED.includes(info.statename), info);
}

/**
 * Runs one action with wait=false and reads the outcome back by polling: supervisord's own wait
 * would hold the connection for startsecs. Restart is stop-then-start (there is no restart call);
 * reset-and-start is a plain start, since supervisord starts a FATAL program again.
 */
export async function controlSupervisordProcess(
  ctx: ControlContext,
  action: ControlAction,
): Promise<ControlResult> {
  if (action === "enable" || action === "disable") {
    throw new RespawnError("INVALID", `supervisord has no ${action} for a program: set autostart in its [program:x] section`);
  }
  if (action === "stop") return stop(ctx, action);
  if (action === "restart") {
    const now = await ctx.client.getProcessInfo(ctx.name, ctx.signal);
    if (UP.includes(now.statename)) {
      const stopped = await stop(ctx, action);
      if (stopped.outcome === "failed") return { ...stopped, message: `stop failed: ${stopped.message}` };
      if (stopped.outcome === "unknown") return stopped;
    }
  }
  return sent(ctx, action, () => start(ctx, action));
}
