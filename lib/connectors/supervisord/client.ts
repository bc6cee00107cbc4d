import { z } from "zod";
import type { SupervisordEndpoint } from "@/lib/config/schema";
import { RespawnError } from "@/lib/util/errors";
import { SupervisordFault } from "./faults";
import {
  assertAllowed,
  createXmlRpcTransport,
  type AllowedMethod,
  type PolicyMethod,
  type XmlRpcTransport,
} from "./transport";
import {
  WireConfigInfoList,
  WireMulticall,
  WireMulticallFault,
  WireProcessInfo,
  WireProcessInfoList,
  WireState,
  WireReload,
  WireTail,
  type WireConfigInfo,
} from "./wire";
import type { XmlRpcValue } from "./xml-codec";

export type LogStreamName = "stdout" | "stderr";

export interface MulticallItem {
  method: AllowedMethod;
  params: XmlRpcValue[];
}
export type MulticallResult =
  { ok: true; value: XmlRpcValue } | { ok: false; fault: SupervisordFault };

/** The endpoint fields the client uses (the config schema's type, defaults applied). */
export type SupervisordClientEndpoint = Pick<
  SupervisordEndpoint,
  "socket" | "url" | "username" | "password" | "passwordEnv"
> &
  Partial<Pick<SupervisordEndpoint, "timeoutMs" | "maxResponseBytes">>;

export interface SupervisordClient {
  readonly target: string;
  getState(signal: AbortSignal): Promise<WireState>;
  getSupervisorVersion(signal: AbortSignal): Promise<string>;
  getAllProcessInfo(signal: AbortSignal): Promise<WireProcessInfo[]>;
  getProcessInfo(name: string, signal: AbortSignal): Promise<WireProcessInfo>;
  getAllConfigInfo(signal: AbortSignal): Promise<WireConfigInfo[]>;
  /** Always with wait=false: the caller polls for the outcome instead of blocking supervisord's reply. */
  startProcess(name: string, signal: AbortSignal): Promise<boolean>;
  stopProcess(name: string, signal: AbortSignal): Promise<boolean>;
  /** Reads `length` bytes of a log from byte `offset`. */
  readProcessLog(
    name: string,
    stream: LogStreamName,
    offset: number,
    length: number,
    signal: AbortSignal,
  ): Promise<string>;
  /** [last `length` bytes, log size, overflow]; length 0 gives just the size. */
  tailProcessLog(
    name: string,
    stream: LogStreamName,
    offset: number,
    length: number,
    signal: AbortSignal,
  ): Promise<WireTail>;
  getPID(signal: AbortSignal): Promise<number>;
  /** supervisord's own main log: a negative offset with length 0 reads its last -offset bytes. */
  readMainLog(offset: number, length: number, signal: AbortSignal): Promise<string>;
  stopProcessGroup(group: string, signal: AbortSignal): Promise<unknown>;
  /** system.multicall; each item's fault is returned, not thrown. */
  multicall(items: MulticallItem[], signal: AbortSignal): Promise<MulticallResult[]>;
}

/** Checks a decoded reply against its schema; a mismatch is BAD_RESPONSE naming the field. */
export function parseWire<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
  hostId: string,
): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue?.path.join(".") || "(root)";
  throw new RespawnError(
    "BAD_RESPONSE",
    `unexpected ${what} reply at ${where}: ${issue?.message ?? "invalid"}`,
    {
      hostId,
    },
  );
}

function resolvePassword(endpoint: SupervisordClientEndpoint, hostId: string): string | undefined {
  if (endpoint.password) return endpoint.password;
  if (!endpoint.passwordEnv) return undefined;
  const value = process.env[endpoint.passwordEnv];
  if (!value) {
    throw new RespawnError(
      "INVALID",
      `environment variable ${endpoint.passwordEnv} (password) is not set`,
      { hostId },
    );
  }
  return value;
}

function transportOf(endpoint: SupervisordClientEndpoint, hostId: string, allowPolicyMethods: boolean): XmlRpcTransport {
  return createXmlRpcTransport({
    hostId,
    socketPath: endpoint.socket,
    url: endpoint.url,
    username: endpoint.username,
    password: resolvePassword(endpoint, hostId),
    timeoutMs: endpoint.timeoutMs ?? 5_000,
    maxResponseBytes: endpoint.maxResponseBytes ?? 32 * 1024 * 1024,
    allowPolicyMethods,
  });
}

/** The three calls of a policy change, on their own transport (the only one that may send them). */
export interface SupervisordPolicyClient {
  /** Re-reads the config files: [[added, changed, removed]] group names; CANT_REREAD fault when they do not parse. */
  reloadConfig(signal: AbortSignal): Promise<WireReload>;
  removeProcessGroup(group: string, signal: AbortSignal): Promise<boolean>;
  addProcessGroup(group: string, signal: AbortSignal): Promise<boolean>;
}

export function createSupervisordPolicyClient(
  endpoint: SupervisordClientEndpoint,
  hostId: string,
): SupervisordPolicyClient {
  const transport = transportOf(endpoint, hostId, true);
  const call = <T extends z.ZodType>(schema: T, method: PolicyMethod, params: XmlRpcValue[], signal: AbortSignal) =>
    transport.call(method, params, signal).then((v) => parseWire(schema, v, method, hostId));
  return {
    reloadConfig: (signal) => call(WireReload, "supervisor.reloadConfig", [], signal),
    removeProcessGroup: (group, signal) => call(z.boolean(), "supervisor.removeProcessGroup", [group], signal),
    addProcessGroup: (group, signal) => call(z.boolean(), "supervisor.addProcessGroup", [group], signal),
  };
}

/** Creates a typed XML-RPC client of one supervisord; every reply is checked with zod. */
export function createSupervisordClient(
  endpoint: SupervisordClientEndpoint,
  hostId: string,
): SupervisordClient {
  const transport: XmlRpcTransport = transportOf(endpoint, hostId, false);
  const call = <T extends z.ZodType>(
    schema: T,
    method: AllowedMethod,
    params: XmlRpcValue[],
    signal: AbortSignal,
  ) => transport.call(method, params, signal).then((v) => parseWire(schema, v, method, hostId));
  const logMethod = (kind: "read" | "tail", stream: LogStreamName): AllowedMethod =>
    `supervisor.${kind}Process${stream === "stdout" ? "Stdout" : "Stderr"}Log` as AllowedMethod;

  return {
    target: transport.target,
    getState: (signal) => call(WireState, "supervisor.getState", [], signal),
    getSupervisorVersion: (signal) =>
      call(z.string(), "supervisor.getSupervisorVersion", [], signal),
    getAllProcessInfo: (signal) =>
      call(WireProcessInfoList, "supervisor.getAllProcessInfo", [], signal),
    getProcessInfo: (name, signal) =>
      call(WireProcessInfo, "supervisor.getProcessInfo", [name], signal),
    getAllConfigInfo: (signal) =>
      call(WireConfigInfoList, "supervisor.getAllConfigInfo", [], signal),
    startProcess: (name, signal) =>
      call(z.boolean(), "supervisor.startProcess", [name, false], signal),
    stopProcess: (name, signal) =>
      call(z.boolean(), "supervisor.stopProcess", [name, false], signal),
    readProcessLog: (name, stream, offset, length, signal) =>
      call(z.string(), logMethod("read", stream), [name, offset, length], signal),
    tailProcessLog: (name, stream, offset, length, signal) =>
      call(WireTail, logMethod("tail", stream), [name, offset, length], signal),
    getPID: (signal) => call(z.number().int(), "supervisor.getPID", [], signal),
    readMainLog: (offset, length, signal) => call(z.string(), "supervisor.readLog", [offset, length], signal),
    stopProcessGroup: (group, signal) =>
      call(z.unknown(), "supervisor.stopProcessGroup", [group, false], signal),
    async multicall(items, signal) {
      for (const item of items) {
        assertAllowed(item.method, hostId);
        if (item.method === "system.multicall") {
          throw new RespawnError("FORBIDDEN", "nested system.multicall is not allowed", { hostId });
        }
      }
      const calls = items.map((i) => ({ methodName: i.method, params: i.params }));
      const results = await call(WireMulticall, "system.multicall", [calls], signal);
      if (results.length !== items.length) {
        throw new RespawnError(
          "BAD_RESPONSE",
          "system.multicall answered a different number of results",
          { hostId },
        );
      }
      return results.map((r): MulticallResult => {
        const fault = WireMulticallFault.safeParse(r);
        if (fault.success)
          return {
            ok: false,
            fault: new SupervisordFault(fault.data.faultCode, fault.data.faultString, hostId),
          };
        return { ok: true, value: r as XmlRpcValue };
      });
    },
  };
}
