import { closeAllStreams } from "@/lib/http/sse";
import { closeHttpServers } from "./http-drain";
import type { Runtime } from "./instance";

/** How long actions already running may take to finish once shutdown begins. */
export const ACTION_DRAIN_MS = 10_000;
/** How long replies already being written (an action's result) may take once actions are done. */
const REPLY_DRAIN_MS = 3_000;
/** After this, the process exits whatever is still pending. */
const HARD_STOP_MS = 20_000;

type ShutdownRuntime = Pick<Runtime, "monitor" | "actions" | "store" | "shuttingDown"> & Partial<Pick<Runtime, "history">>;
type Step = { name: string; run: () => void | Promise<void> };

const slot = globalThis as typeof globalThis & { __respawnShutdownSteps?: Step[] };

/** Adds a step run at shutdown after the monitor has stopped (e.g. flushing a buffer to the store). */
export function addShutdownStep(name: string, run: Step["run"]): void {
  (slot.__respawnShutdownSteps ??= []).push({ name, run });
}

/**
 * The drain, in the order that loses nothing: readiness drops and new actions and streams are
 * refused at once; open streams get a last `event: shutdown`; actions in flight finish (bounded)
 * and their replies are sent; the monitor closes its host connections; then registered steps run
 * and the store is flushed and closed.
 */
export async function drainRuntime(runtime: ShutdownRuntime, log: (line: string) => void = console.log): Promise<DrainReport> {
  runtime.shuttingDown = true;
  runtime.actions.close();
  const streams = closeAllStreams();
  const running = runtime.actions.running;
  const finished = await runtime.actions.drain(ACTION_DRAIN_MS);
  const actionsLeft = runtime.actions.running;
  log(
    `respawn: closed ${streams} live stream(s); ${running} action(s) in flight ${finished ? "finished" : `still running after ${ACTION_DRAIN_MS / 1000} s`}`,
  );
  await closeHttpServers(REPLY_DRAIN_MS);
  await runtime.monitor.stop().catch((e: unknown) => log(`respawn: stopping the monitor failed: ${String(e)}`));
  for (const step of slot.__respawnShutdownSteps ?? []) {
    try {
      await step.run();
    } catch (e) {
      log(`respawn: shutdown step "${step.name}" failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  // History's close flushes its buffered writes before closing the store it shares.
  if (runtime.history) runtime.history.close();
  else runtime.store?.close();
  return { cutShort: !finished, actionsLeft };
}

export interface DrainReport {
  /** True when actions were still running as the drain ended (audited `unknown`). */
  cutShort: boolean;
  actionsLeft: number;
}

/** Exit status of a drain cut short: the host may have run actions whose outcome was lost. */
export const EXIT_DRAIN_CUT_SHORT = 3;

/**
 * Installs the SIGTERM/SIGINT handler. `next start` installs its own, which waits for every open
 * request (live streams never end by themselves) and then exits 143: ours replaces it, so the
 * drain above decides when the process ends, and a clean drain exits 0.
 */
export function installShutdown(runtime: ShutdownRuntime): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    console.log(`respawn: ${signal} received, shutting down`);
    const hardStop = setTimeout(() => {
      console.error(`respawn: shutdown did not finish within ${HARD_STOP_MS / 1000} s, exiting`);
      process.exit(1);
    }, HARD_STOP_MS);
    hardStop.unref();
    void drainRuntime(runtime).then(
      (report) => {
        if (!report.cutShort) {
          console.log("respawn: shutdown complete");
          process.exit(0);
        }
        console.error(
          `respawn: shutdown complete, but the drain was cut short: ${report.actionsLeft} action(s) still running, audited "unknown" (exit ${EXIT_DRAIN_CUT_SHORT})`,
        );
        process.exit(EXIT_DRAIN_CUT_SHORT);
      },
      (e: unknown) => {
        console.error(`respawn: shutdown failed: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, onSignal);
  }
}
