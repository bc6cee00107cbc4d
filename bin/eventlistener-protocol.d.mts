export declare const STATES: readonly string[];
export declare const ACK: string;
export declare function parseTokens(line: string): Record<string, string>;
export interface ProtocolParser {
  push(chunk: Buffer): void;
}
export declare function createProtocolParser(
  onMessage: (header: Record<string, string>, payload: string) => void,
): ProtocolParser;
export interface ForwardedEvent {
  serial: number;
  state: string;
  processName: string;
  groupName: string;
  fromState: string;
  pid: number | null;
  expected: boolean | null;
  tries: number | null;
  receivedAt: number;
}
export declare function toRespawnEvent(
  header: Record<string, string>,
  payload: string,
  receivedAt: number,
): ForwardedEvent | "tick" | null;
export interface ListenerConfig {
  endpoint: string;
  token: string;
  timeoutMs: number;
  maxQueue: number;
}
export declare function readConfig(env: Record<string, string | undefined>): ListenerConfig;
export declare function newInstanceId(): string;
