import type { SystemdEndpoint } from "@/lib/config/schema";
import { createLocalRunner } from "@/lib/connectors/journal/command";
import { followJournal, readJournal, type JournalTarget } from "@/lib/connectors/journal/reader";
import { isValidUnitName } from "@/lib/connectors/journal/unit-name";
import { controlResult, mayHaveReachedHost, unknownResult, whyNoAnswer } from "@/lib/connectors/outcome";
import type { Connector, ControlAction, ControlResult, LogStream, ProcessInfo } from "@/lib/connectors/types";
import { RespawnError } from "@/lib/util/errors";
import type { CallOptions } from "./dbus-client";
import { runJob } from "./control";
import { judgeJob } from "./judge";
import { createLiveUnits } from "./live";
import { mapUnit, mapUnitFile, mapUsage } from "./mapper";
import { createSystemdPolicy } from "./policy";
import { createEventHub } from "./reconnect";
import { BusSession, type Link } from "./session";
import { createSshRunner } from "./ssh";
import { installedUnits, setUnitFileEnabled } from "./unit-files";
import { createUnitFilter } from "./unit-filter";
import { unitObjectPath } from "./unit-path";

/** How long a queued job may take before control() stops waiting (stop timeouts are often 90 s). */
const MIN_JOB_DEADLINE_MS = 30_000;

/** A Connector for one systemd manager: the system bus, a user bus, or a remote host over ssh. */
export function createSystemdConnector(hostId: string, endpoint: SystemdEndpoint): Connector {
  const filter = createUnitFilter(endpoint.units, endpoint.excludeUnits);
  const timeoutMs = endpoint.timeoutMs;
  const journal: JournalTarget = {
    hostId,
    timeoutMs,
    runner: endpoint.bus === "ssh" && endpoint.ssh ? createSshRunner(hostId, endpoint.ssh) : createLocalRunner(hostId),
  };

  const hub = createEventHub({
    connect: () => session.get(),
    resubscribe: async () => (await session.get()).client.subscribe({ timeoutMs }),
    onResync: () => live.reset(),
  });
  const live = createLiveUnits({
    filter,
    emit: hub.emit,
    onManagerPresence: hub.onManagerPresence,
    readUnit: async (name) => {
      const link = await session.get();
      const p = await readProcess(link, name, { timeoutMs });
      return p.details.loadState === "loaded" ? p : null;
    },
    readGone: (name) =>
      session.get().then((link) => readShown(link, name, { timeoutMs })).catch((e: unknown) => {
        if (e instanceof RespawnError && e.code === "NOT_FOUND") return null;
        throw e;
      }),
    isLoaded: async (name) => {
      const rows = await (await session.get()).client.listUnits([name], { timeoutMs });
      return rows.some((r) => r[0] === name && r[2] === "loaded");
    },
  });
  const session = new BusSession(hostId, endpoint, {
    onSignal: (m) => live.handleSignal(m),
    onDrop: (reason) => hub.onDrop(reason),
  });

  /** Validates a unit name: option- or path-like names are INVALID; others outside the filter are NOT_FOUND. */
  function checkName(name: string): void {
    if (name.startsWith("-") || name.includes("/")) {
      throw new RespawnError("INVALID", "a unit name may not start with '-' or contain '/'", { hostId });
    }
    if (!isValidUnitName(name) || !filter(name)) {
      throw new RespawnError("NOT_FOUND", `no unit "${name.slice(0, 80)}" on this host`, { hostId });
    }
  }

  function checkAbort(signal: AbortSignal): void {
    if (signal.aborted) throw new RespawnError("TIMEOUT", "the call was aborted before it started", { hostId });
  }

  async function getLink(signal: AbortSignal): Promise<Link> {
    checkAbort(signal);
    return await new Promise<Link>((resolve, reject) => {
      const onAbort = () => reject(new RespawnError("TIMEOUT", "the call was aborted while connecting", { hostId }));
      signal.addEventListener("abort", onAbort, { once: true });
      session.get().then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  async function readProcess(link: Link, name: string, o: CallOptions): Promise<ProcessInfo> {
    const { unit, service } = await link.client.readUnit(unitObjectPath(name), name, o);
    if (unit.LoadState === "not-found") {
      throw new RespawnError("NOT_FOUND", `no unit "${name}" on this host`, { hostId });
    }
    return mapUnit(hostId, unit, service);
  }

  /** Unit files not loaded now, shown as stopped processes (reading them would load them). */
  async function readUnloaded(link: Link, patterns: string[], loaded: ReadonlySet<string>, o: CallOptions): Promise<ProcessInfo[]> {
    if (endpoint.unitFiles === false) return [];
    const rows = await link.client.listUnitFiles(patterns, o);
    return installedUnits(rows, filter, loaded).map((u) => mapUnitFile(hostId, u.name, u.path, u.state));
  }

  /** One unit as listed: read when loaded, from its unit file (without loading it) when not. */
  async function readShown(link: Link, name: string, o: CallOptions): Promise<ProcessInfo> {
    const loaded = await link.client.listUnits([name], o);
    if (loaded.some((r) => r[0] === name && r[2] === "loaded")) return readProcess(link, name, o);
    if (endpoint.unitFiles === false) return readProcess(link, name, o);
    const rows = await link.client.listUnitFiles([name], o);
    const [file] = installedUnits(rows, filter, new Set());
    if (file) return mapUnitFile(hostId, file.name, file.path, file.state);
    // An alias is read through its target; a name with no file at all is not loaded just to say so.
    if (rows.length > 0) return readProcess(link, name, o);
    throw new RespawnError("NOT_FOUND", `no unit "${name}" on this host`, { hostId });
  }

  /** enable / disable: the unit file's links and a reload, the state read back; no answer is `unknown`. */
  async function enableOrDisable(link: Link, name: string, action: "enable" | "disable", signal: AbortSignal): Promise<ControlResult> {
    const reread = (s: AbortSignal) => readShown(link, name, { timeoutMs, signal: s });
    let outcome;
    try {
      outcome = await setUnitFileEnabled(link, name, action === "enable", { timeoutMs, signal });
    } catch (e) {
      if (!mayHaveReachedHost(e)) throw e;
      return unknownResult(action, name, whyNoAnswer(e), reread);
    }
    const process = await reread(AbortSignal.timeout(timeoutMs)).catch(() => null);
    return controlResult(outcome.ok ? "done" : "failed", action, name, process, outcome.message);
  }

  function checkStream(stream: LogStream): void {
    if (stream !== "journal") throw new RespawnError("INVALID", `systemd units have no "${stream}" log; use "journal"`);
  }

  const policy = createSystemdPolicy({ hostId, endpoint, getLink, checkName });

  return {
    manager: "systemd",
    hostId,
    pushesEvents: true,
    readPolicy: policy.readPolicy,
    planPolicy: policy.planPolicy,
    applyPolicy: policy.applyPolicy,

    async listProcesses(signal) {
      const link = await getLink(signal);
      const o = { timeoutMs, signal };
      const rows = await link.client.listUnits(endpoint.units, o);
      const shown = rows.filter((r) => r[2] === "loaded" && filter(r[0]));
      const unloaded = await readUnloaded(link, endpoint.units, new Set(shown.map((r) => r[0])), o);
      const read = await Promise.all(
        shown.map((r) =>
          readProcess(link, r[0], o).catch((e: unknown) => {
            // A unit unloaded between the list and its read is simply gone.
            if (e instanceof RespawnError && e.code === "NOT_FOUND") return null;
            throw e;
          }),
        ),
      );
      return [...read.filter((p): p is ProcessInfo => p !== null), ...unloaded];
    },

    async getProcess(name, signal) {
      checkAbort(signal);
      checkName(name);
      return readShown(await getLink(signal), name, { timeoutMs, signal });
    },

    subscribe: (listener) => hub.subscribe(listener),

    async control(name: string, action: ControlAction, signal: AbortSignal): Promise<ControlResult> {
      checkAbort(signal);
      checkName(name);
      const link = await getLink(signal);
      if (action === "enable" || action === "disable") return enableOrDisable(link, name, action, signal);
      const jobDeadlineMs = Math.max(MIN_JOB_DEADLINE_MS, timeoutMs * 6);
      const reread = (s: AbortSignal) => readShown(link, name, { timeoutMs, signal: s });
      let outcome;
      try {
        outcome = await runJob(link, name, action, { timeoutMs, jobDeadlineMs, signal });
      } catch (e) {
        if (!mayHaveReachedHost(e)) throw e;
        return unknownResult(action, name, whyNoAnswer(e), reread);
      }
      const onProgress = (process: ProcessInfo) => hub.emit({ type: "process", process });
      return judgeJob({ action, name, outcome, read: () => reread(AbortSignal.timeout(timeoutMs)), signal, onProgress });
    },

    async readUsage(name, signal) {
      checkAbort(signal);
      checkName(name);
      if (!name.endsWith(".service")) return null;
      const link = await getLink(signal);
      // Reading an unloaded unit's properties would load it (and churn UnitNew/UnitRemoved): it runs nothing anyway.
      const loaded = await link.client.listUnits([name], { timeoutMs, signal });
      if (!loaded.some((r) => r[0] === name && r[2] === "loaded")) return null;
      return mapUsage(await link.client.readUsage(unitObjectPath(name), name, { timeoutMs, signal }), Date.now());
    },

    async readLog(name, stream, options, signal) {
      checkAbort(signal);
      checkStream(stream);
      checkName(name);
      return readJournal(journal, name, options, signal);
    },

    followLog(name, stream, cursor, signal) {
      return (async function* () {
        checkStream(stream);
        checkName(name);
        yield* followJournal(journal, name, cursor, signal);
      })();
    },

    async health(signal) {
      const link = await getLink(signal);
      const o = { timeoutMs, signal };
      const [version, state] = await Promise.all([
        link.client.getManagerProperty("Version", o),
        link.client.getManagerProperty("SystemState", o),
      ]);
      return { version, state };
    },

    async close() {
      hub.stop();
      live.stop();
      session.close();
    },
  };
}


