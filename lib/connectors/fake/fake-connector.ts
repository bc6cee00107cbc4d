import type {
  Connector,
  ConnectorEvent,
  ControlAction,
  ControlResult,
  LogChunk,
  LogStream,
  Manager,
  ProcessInfo,
  ProcessState,
  ReadLogOptions,
} from "@/lib/connectors/types";
import { RespawnError } from "@/lib/util/errors";
import { encodeProcessId } from "@/lib/util/ids";
import { FakeLog } from "./fake-logs";
import { createFakePolicy } from "./fake-policy";

/** How a fake process reacts to start: stays up, crash-loops until it gives up, or cannot spawn. */
export type FakeBehavior = "healthy" | "crash-loop" | "spawn-error";

export type FakeProcessSpec = Partial<Omit<ProcessInfo, "id" | "hostId" | "manager">> & {
  name: string;
  behavior?: FakeBehavior;
};

export interface FakeConnectorOptions {
  hostId: string;
  manager?: Manager;
  processes?: FakeProcessSpec[];
  pushesEvents?: boolean;
  version?: string;
}

/** A Connector held in memory, whose state tests set directly. */
export interface FakeConnector extends Connector {
  /** Creates or patches a process and emits a "process" event. */
  setProcess(name: string, patch?: Partial<ProcessInfo> & { behavior?: FakeBehavior }): ProcessInfo;
  setState(name: string, state: ProcessState, patch?: Partial<ProcessInfo>): ProcessInfo;
  removeProcess(name: string): void;
  appendLog(name: string, stream: LogStream, ...lines: string[]): void;
  rotateLog(name: string, stream: LogStream): void;
  emit(event: ConnectorEvent): void;
  /** Every call rejects with this error until cleared with null (a host that went down). */
  failWith(error: RespawnError | null): void;
  /** Actions received, in order. */
  readonly controlCalls: ReadonlyArray<{ name: string; action: ControlAction }>;
}

const RAW_STATE: Record<ProcessState, string> = {
  running: "RUNNING",
  starting: "STARTING",
  stopping: "STOPPING",
  stopped: "STOPPED",
  crashed: "EXITED",
  "gave-up": "FATAL",
  unknown: "UNKNOWN",
};

const GIVE_UP_TRIES = 3;

/** Creates an in-memory Connector for UI, monitor and contract tests. */
export function createFakeConnector(options: FakeConnectorOptions): FakeConnector {
  const manager = options.manager ?? "supervisord";
  const processes = new Map<string, ProcessInfo>();
  const behaviors = new Map<string, FakeBehavior>();
  const logs = new Map<string, FakeLog>();
  const listeners = new Set<(event: ConnectorEvent) => void>();
  const controlCalls: Array<{ name: string; action: ControlAction }> = [];
  let failure: RespawnError | null = null;
  let nextPid = 1000;
  let lastSince = 0;

  const now = () => (lastSince = Math.max(Date.now(), lastSince + 1));
  const emit = (event: ConnectorEvent) => listeners.forEach((l) => l(event));

  const guard = async (signal: AbortSignal) => {
    await Promise.resolve();
    if (signal.aborted)
      throw new RespawnError("TIMEOUT", "the call was aborted before the host answered", {
        hostId: options.hostId,
      });
    if (failure) throw failure;
  };

  const find = (name: string): ProcessInfo => {
    const p = processes.get(name);
    if (!p)
      throw new RespawnError("NOT_FOUND", `no such process: ${name}`, { hostId: options.hostId });
    return p;
  };

  const logOf = (name: string, stream: LogStream): FakeLog => {
    find(name);
    const key = `${name}\u0000${stream}`;
    let log = logs.get(key);
    if (!log) logs.set(key, (log = new FakeLog(stream)));
    return log;
  };

  const setProcess: FakeConnector["setProcess"] = (name, patch = {}) => {
    const { behavior, ...info } = patch;
    const prev = processes.get(name) ?? blankProcess(options.hostId, manager, name);
    const next: ProcessInfo = { ...prev, ...info, id: prev.id, hostId: prev.hostId, manager, name };
    if (info.state && !info.rawState) next.rawState = RAW_STATE[info.state];
    processes.set(name, next);
    if (behavior) behaviors.set(name, behavior);
    emit({ type: "process", process: next });
    return next;
  };

  const runAction = (name: string, action: ControlAction): { ok: boolean; message: string } => {
    const p = find(name);
    if (action === "enable" || action === "disable") {
      if (manager !== "systemd") throw new RespawnError("INVALID", `supervisord has no ${action} for a program`);
      const state = action === "enable" ? "enabled" : "disabled";
      setProcess(name, { details: { ...p.details, unitFileState: state } });
      return { ok: true, message: state };
    }
    if (action === "stop") {
      if (p.state !== "running" && p.state !== "starting")
        return { ok: true, message: "not running" };
      setProcess(name, { state: "stopped", pid: null, since: now(), restarts: null });
      return { ok: true, message: "stopped" };
    }
    if (action === "start" && p.state === "running")
      return { ok: true, message: `already running (pid ${p.pid})` };
    const behavior = behaviors.get(name) ?? "healthy";
    if (behavior === "crash-loop") {
      setProcess(name, {
        state: "gave-up",
        pid: null,
        since: now(),
        restarts: GIVE_UP_TRIES,
        exitStatus: 1,
      });
      return { ok: false, message: `gave up after ${GIVE_UP_TRIES} tries` };
    }
    if (behavior === "spawn-error") {
      setProcess(name, {
        state: "gave-up",
        pid: null,
        since: now(),
        spawnError: "can't find command",
      });
      return { ok: false, message: "spawn error: can't find command" };
    }
    const pid = nextPid++;
    setProcess(name, { state: "running", pid, since: now(), restarts: 0, spawnError: null });
    return { ok: true, message: `running (pid ${pid})` };
  };

  for (const spec of options.processes ?? []) setProcess(spec.name, spec);
  const policy = createFakePolicy(manager, find);

  return {
    manager,
    hostId: options.hostId,
    pushesEvents: options.pushesEvents ?? false,
    controlCalls,
    setProcess,
    setState: (name, state, patch = {}) => setProcess(name, { ...patch, state }),
    removeProcess(name) {
      if (processes.delete(name)) emit({ type: "removed", name });
    },
    appendLog: (name, stream, ...lines) => logOf(name, stream).append(lines),
    rotateLog: (name, stream) => logOf(name, stream).rotate(),
    emit,
    failWith(error) {
      failure = error;
    },
    async listProcesses(signal) {
      await guard(signal);
      return [...processes.values()];
    },
    async getProcess(name, signal) {
      await guard(signal);
      return find(name);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async control(name, action, signal): Promise<ControlResult> {
      await guard(signal);
      controlCalls.push({ name, action });
      const { ok, message } = runAction(name, action);
      return { outcome: ok ? "done" : "failed", ok, action, name, process: find(name), message };
    },
    async readLog(name, stream, readOptions: ReadLogOptions, signal): Promise<LogChunk> {
      await guard(signal);
      return logOf(name, stream).read(readOptions);
    },
    followLog: (name, stream, cursor, signal) =>
      followFakeLog(() => logOf(name, stream), cursor, signal, guard),
    async health(signal) {
      await guard(signal);
      return { version: options.version ?? "fake 1.0", state: "RUNNING" };
    },
    async readPolicy(name, signal) {
      await guard(signal);
      return policy.readPolicy(name, signal);
    },
    async planPolicy(name, change, signal) {
      await guard(signal);
      return policy.planPolicy(name, change, signal);
    },
    async applyPolicy(name, change, applyOptions, signal) {
      await guard(signal);
      return policy.applyPolicy(name, change, applyOptions, signal);
    },
    async close() {
      listeners.clear();
    },
  };
}

async function* followFakeLog(
  getLog: () => FakeLog,
  start: string,
  signal: AbortSignal,
  guard: (signal: AbortSignal) => Promise<void>,
): AsyncIterable<LogChunk> {
  let cursor = start;
  while (!signal.aborted) {
    await guard(signal);
    const log = getLog();
    const chunk = log.read({ cursor });
    cursor = chunk.cursor;
    if (chunk.lines.length > 0 || chunk.rotated) yield chunk;
    else await log.waitForChange(signal);
  }
}

function blankProcess(hostId: string, manager: Manager, name: string): ProcessInfo {
  const colon = name.indexOf(":");
  return {
    id: encodeProcessId({ hostId, manager, name }),
    hostId,
    manager,
    name,
    group: colon > 0 ? name.slice(0, colon) : null,
    state: "stopped",
    rawState: RAW_STATE.stopped,
    description: "",
    pid: null,
    since: null,
    exitStatus: null,
    exitSignal: null,
    spawnError: null,
    restarts: null,
    logs: manager === "systemd" ? ["journal"] : ["stdout", "stderr"],
    details: {},
  };
}
