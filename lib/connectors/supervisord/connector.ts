import type { SupervisordEndpoint } from "@/lib/config/schema";
import type { Connector, ProcessInfo } from "@/lib/connectors/types";
import { RespawnError } from "@/lib/util/errors";
import {
  createSupervisordClient,
  createSupervisordPolicyClient,
  parseWire,
  type SupervisordClient,
  type SupervisordClientEndpoint,
} from "./client";
import { applyConfigChanges, readConfigChanges, type ConfigUpdateDeps } from "./config-update";
import { controlSupervisordProcess } from "./control";
import { createExitTracker, MAIN_LOG_TAIL_BYTES } from "./exit-tracker";
import { followSupervisordLog, readSupervisordLog } from "./logs";
import { createSupervisordPolicy } from "./policy";
import { readProcUsage } from "./proc-usage";
import { mapConfigs, mapProcessInfo, qualifiedName, type ProgramConfig } from "./mapper";
import { WireConfigInfoList, WireProcessInfoList, type WireProcessInfo } from "./wire";

/** Config info changes only on reread/update; it is refreshed when the program set changes or after this. */
const CONFIG_MAX_AGE_MS = 60_000;

interface ConfigCache {
  byName: Map<string, ProgramConfig>;
  names: string;
  at: number;
}

const namesKey = (infos: WireProcessInfo[]): string =>
  infos
    .map((i) => qualifiedName(i.group, i.name))
    .sort()
    .join("\n");

/** The supervisord Connector: polled (no push), every call bounded by the endpoint's deadline and size cap. */
export function createSupervisordConnector(
  hostId: string,
  endpoint: SupervisordEndpoint | (SupervisordClientEndpoint & { configFile?: string }),
): Connector {
  const client: SupervisordClient = createSupervisordClient(endpoint, hostId);
  let cache: ConfigCache | null = null;

  const fresh = (names: string | null) =>
    cache !== null &&
    Date.now() - cache.at < CONFIG_MAX_AGE_MS &&
    (names === null || cache.names === names);

  const storeConfig = (infos: WireProcessInfo[], raw: unknown) => {
    const configs = parseWire(WireConfigInfoList, raw, "supervisor.getAllConfigInfo", hostId);
    cache = { byName: mapConfigs(configs), names: namesKey(infos), at: Date.now() };
  };

  const refreshConfig = async (infos: WireProcessInfo[], signal: AbortSignal) =>
    storeConfig(infos, await client.getAllConfigInfo(signal));

  const exits = createExitTracker((signal) => client.readMainLog(-MAIN_LOG_TAIL_BYTES, 0, signal));

  const toProcess = (wire: WireProcessInfo): ProcessInfo =>
    exits.apply(wire, mapProcessInfo(wire, cache?.byName.get(qualifiedName(wire.group, wire.name)), hostId));

  /** Process list and, when stale, config in one round trip. */
  const readAll = async (signal: AbortSignal): Promise<WireProcessInfo[]> => {
    if (fresh(null)) {
      const infos = await client.getAllProcessInfo(signal);
      if (!fresh(namesKey(infos))) await refreshConfig(infos, signal);
      return infos;
    }
    const [procs, configs] = await client.multicall(
      [
        { method: "supervisor.getAllProcessInfo", params: [] },
        { method: "supervisor.getAllConfigInfo", params: [] },
      ],
      signal,
    );
    if (!procs || !configs)
      throw new RespawnError("BAD_RESPONSE", "system.multicall answered too few results", {
        hostId,
      });
    if (!procs.ok) throw procs.fault;
    if (!configs.ok) throw configs.fault;
    const infos = parseWire(
      WireProcessInfoList,
      procs.value,
      "supervisor.getAllProcessInfo",
      hostId,
    );
    storeConfig(infos, configs.value);
    return infos;
  };

  const readOne = async (name: string, signal: AbortSignal): Promise<WireProcessInfo> => {
    const info = await client.getProcessInfo(name, signal);
    const known = cache?.byName.has(qualifiedName(info.group, info.name));
    if (!known || !fresh(null)) await readAll(signal);
    return info;
  };

  const policyClient = createSupervisordPolicyClient(endpoint, hostId);
  const onChanged = () => {
    cache = null;
  };
  const policy = createSupervisordPolicy({ hostId, endpoint, client, policyClient, onChanged });
  const updates: ConfigUpdateDeps = { hostId, client, policyClient, onChanged };
  // A policy write and an update both reread and reload groups: one at a time on this host.
  let writing: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(task: () => Promise<T>): Promise<T> => {
    const next = writing.catch(() => undefined).then(task);
    writing = next.catch(() => undefined);
    return next;
  };

  return {
    manager: "supervisord",
    hostId,
    pushesEvents: false,
    readPolicy: policy.readPolicy,
    planPolicy: policy.planPolicy,
    applyPolicy: (name, change, options, signal) => oneAtATime(() => policy.applyPolicy(name, change, options, signal)),
    configReload: {
      readConfigChanges: (signal) => oneAtATime(() => readConfigChanges(updates, signal)),
      applyConfigChanges: (expected, signal) => oneAtATime(() => applyConfigChanges(updates, expected, signal)),
    },
    async listProcesses(signal) {
      const infos = await readAll(signal);
      await exits.refresh(infos, signal);
      return infos.map(toProcess);
    },
    async getProcess(name, signal) {
      const info = await readOne(name, signal);
      await exits.refresh([info], signal);
      return toProcess(info);
    },
    subscribe() {
      return () => {};
    },
    async control(name, action, signal) {
      const wire = await readOne(name, signal);
      const config = cache?.byName.get(qualifiedName(wire.group, wire.name));
      return controlSupervisordProcess({ client, name, config, toProcess, signal }, action);
    },
    async readUsage(name, signal) {
      // /proc is this machine's: only a supervisord reached over its unix socket runs here.
      if (!endpoint.socket) return null;
      const info = await client.getProcessInfo(name, signal);
      return info.pid > 0 ? readProcUsage(info.pid) : null;
    },
    readLog: (name, stream, options, signal) =>
      readSupervisordLog(client, name, stream, options, signal),
    followLog: (name, stream, cursor, signal) =>
      followSupervisordLog(client, name, stream, cursor, signal),
    async health(signal) {
      const [version, state] = await Promise.all([
        client.getSupervisorVersion(signal),
        client.getState(signal),
      ]);
      return { version, state: state.statename };
    },
    async close() {
      // Every call uses its own connection: nothing is held open.
    },
  };
}
