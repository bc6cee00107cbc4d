import type { ControlAction, ControlResult, ProcessInfo } from "@/lib/connectors/types";
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
  return {
    ok,
    action,
    name: ctx.name,
    process: ctx.toProcess(info),
    message: message ?? describe(info, ctx.config),
  };
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
    throw e;
  }
  const info = await settle(ctx, START_SETTLED, startBudgetMs(ctx.config));
  const expectedExit =
    info.statename === "EXITED" && (ctx.config?.exitcodes ?? [0]).includes(info.exitstatus);
  return result(ctx, action, info.statename === "RUNNING" || expectedExit, info);
}

async function stop(ctx: ControlContext, action: ControlAction): Promise<ControlResult> {
  try {
    await ctx.client.stopProcess(ctx.name, ctx.signal);
  } catch (e) {
    if (!isFault(e, "NOT_RUNNING")) throw e;
    const info = await ctx.client.getProcessInfo(ctx.name, ctx.signal);
    return result(ctx, action, true, info, `not running (${describe(info, ctx.config)})`);
  }
  const budget = Math.min(MAX_SETTLE_MS, ((ctx.config?.stopwaitsecs ?? 10) + 5) * 1000);
  const info = await settle(ctx, STOP_SETTLED, budget);
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
  if (action === "stop") return stop(ctx, action);
  if (action === "restart") {
    const now = await ctx.client.getProcessInfo(ctx.name, ctx.signal);
    if (UP.includes(now.statename)) {
      const stopped = await stop(ctx, action);
      if (!stopped.ok) return { ...stopped, message: `stop failed: ${stopped.message}` };
    }
  }
  return start(ctx, action);
}
