import { loadConfig, type LoadedConfig } from "@/lib/config/load";
import type { RespawnConfig } from "@/lib/config/schema";
import { createHistory, type History } from "@/lib/history/history";
import { startIncidentCapture } from "@/lib/incidents/capture";
import { incidentCaptureOptions } from "@/lib/incidents/config";
import { readPolicyForIncident } from "@/lib/incidents/policy-reader";
import { configureStreamLimits } from "@/lib/http/stream-limits";
import { countNotification, pollObserver } from "@/lib/metrics/observers";
import { createNotifier, type Notifier } from "@/lib/notifications/notifier";
import { watchFleet } from "@/lib/notifications/watch";
import { ActionGate, gateControl } from "./action-gate";
import { createConnector } from "./connector-factory";
import { backfillJournalOnStart } from "./journal-backfill-on-start";
import { Monitor } from "./monitor";
import { resolveProgramsOnStart } from "./programs-on-start";
import { addShutdownStep } from "./shutdown";
import { UsageSampler } from "./usage-sampler";
import { usageMinuteWriter } from "./usage-store";

/** The store as readiness and shutdown see it (set by whoever opens it). */
export interface RuntimeStore {
  db: { open: boolean; readonly: boolean };
  close(): void;
}

export interface Runtime {
  monitor: Monitor;
  config: LoadedConfig;
  startedAt: number;
  shuttingDown: boolean;
  /** Control actions in flight; closed at shutdown so new ones are refused. */
  actions: ActionGate;
  /** The open store, once history is wired in; null until then. */
  store: RuntimeStore | null;
  /** Restart history over the embedded store (also the store that sign-in and audit use). */
  history: History;
  /** Notification channels, routes and their delivery log. */
  notifier: Notifier | null;
}

// One monitor per server process, kept on globalThis so that Next's separate route bundles
// (and dev-mode reloads) share it instead of each opening their own host connections.
const slot = globalThis as typeof globalThis & { __respawn?: Runtime; __respawnUsage?: UsageSampler };

/** Starts the monitor once (from instrumentation.ts); later calls return the same one. */
export function startRuntime(): Runtime {
  if (slot.__respawn) return slot.__respawn;
  const config = loadConfig();
  resolveProgramsOnStart(config.config);
  configureStreamLimits({ perOwner: config.config.streams.maxPerUser, total: config.config.streams.maxTotal });
  const history = openHistory(config.config);
  const monitor = new Monitor({ config: config.config, createConnector, history: history.recorder, pollObserver: pollObserver() });
  startIncidentCapture(monitor, history.store, {
    ...incidentCaptureOptions(config.config),
    recorder: history.recorder,
    readPolicy: readPolicyForIncident,
  });
  const actions = new ActionGate();
  gateControl(monitor, actions);
  const notifier = startNotifications(config.config, monitor, history);
  monitor.start();
  backfillJournalOnStart(config.config, monitor, history);
  startUsageSampler(monitor, history);
  slot.__respawn = { monitor, config, startedAt: Date.now(), shuttingDown: false, actions, store: history.store, history, notifier };
  return slot.__respawn;
}

/** Delivers what the fleet does to the configured channels (none configured: nothing runs). */
function startNotifications(config: RespawnConfig, monitor: Monitor, history: History): Notifier | null {
  if (!history.store) return null;
  const notifier = createNotifier({ db: history.store.db, config: config.notifications, onDone: countNotification });
  if (config.notifications.routes.length === 0) return notifier;
  watchFleet(monitor, (e) => void notifier.notify(e), {
    flapping: (ids) => history.recorder.flapping(ids),
    publicUrl: config.incidents.publicUrl,
  });
  return notifier;
}

/** Opens the embedded store and the history recorder; the listener tokens come from each host's env var. */
function openHistory(config: RespawnConfig): History {
  const tokens = new Map(
    config.hosts.flatMap((h) => {
      const env = h.supervisord?.listenerTokenEnv;
      const token = env ? process.env[env] : undefined;
      return token ? [[h.id, token] as const] : [];
    }),
  );
  return createHistory({
    dataDir: config.dataDir,
    retentionDays: config.history.retentionDays,
    flapThreshold: config.history.flapThreshold,
    flapWindowMs: config.history.flapWindowMinutes * 60_000,
    tokenFor: (hostId) => tokens.get(hostId),
  });
}

/** One usage sampler for every open tab, stopped at shutdown. */
function startUsageSampler(monitor: Monitor, history: History): void {
  const sampler = new UsageSampler(monitor, undefined, usageMinuteWriter(history.store.db));
  sampler.start();
  addShutdownStep("usage sampler", () => sampler.stop());
  slot.__respawnUsage = sampler;
}

/** The shared CPU/memory sampler (starts the runtime if needed). */
export function getUsageSampler(): UsageSampler {
  startRuntime();
  return slot.__respawnUsage ?? (slot.__respawnUsage = new UsageSampler(getMonitor()));
}

/** The running monitor; starts it if instrumentation has not (e.g. in a test server). */
export function getMonitor(): Monitor {
  return startRuntime().monitor;
}

export function getRuntime(): Runtime | undefined {
  return slot.__respawn;
}
