import type { ForwardedEvent, ListenerConfig } from "./eventlistener-protocol.mjs";

export interface ForwarderOptions extends ListenerConfig {
  instance: string;
  fetch?: typeof fetch;
  log?: (line: string) => void;
  now?: () => number;
}
export interface Forwarder {
  enqueue(event: ForwardedEvent): void;
  beat(): void;
  drain(deadlineMs: number): Promise<number>;
  readonly pending: number;
  readonly droppedTotal: number;
}
export declare function createForwarder(options: ForwarderOptions): Forwarder;
