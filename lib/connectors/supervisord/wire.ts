import { z } from "zod";

/** supervisord's process state codes (supervisor/states.py). */
export const WIRE_STATES = {
  0: "STOPPED",
  10: "STARTING",
  20: "RUNNING",
  30: "BACKOFF",
  40: "STOPPING",
  100: "EXITED",
  200: "FATAL",
  1000: "UNKNOWN",
} as const;

const Int = z.number().int();

/** One entry of getProcessInfo / getAllProcessInfo. */
export const WireProcessInfo = z.object({
  name: z.string().min(1),
  group: z.string().min(1),
  start: Int,
  stop: Int,
  now: Int,
  state: Int,
  statename: z.string(),
  spawnerr: z.string(),
  exitstatus: Int,
  logfile: z.string(),
  stdout_logfile: z.string(),
  stderr_logfile: z.string(),
  pid: Int,
  description: z.string(),
});
export type WireProcessInfo = z.infer<typeof WireProcessInfo>;
export const WireProcessInfoList = z.array(WireProcessInfo);

/** One entry of getAllConfigInfo: only the fields Respawn reads; the rest is kept loose. */
export const WireConfigInfo = z.looseObject({
  name: z.string().min(1),
  group: z.string().min(1),
  autostart: z.boolean(),
  exitcodes: z.array(Int),
  startsecs: Int,
  startretries: Int.optional(),
  stopwaitsecs: Int,
  redirect_stderr: z.boolean(),
  inuse: z.boolean(),
  command: z.string().optional(),
});
export type WireConfigInfo = z.infer<typeof WireConfigInfo>;
export const WireConfigInfoList = z.array(WireConfigInfo);

/** reloadConfig: [[added, changed, removed]] group names. */
export const WireReload = z.tuple([
  z.tuple([z.array(z.string()), z.array(z.string()), z.array(z.string())]),
]);
export type WireReload = z.infer<typeof WireReload>;

export const WireState = z.object({ statecode: Int, statename: z.string() });
export type WireState = z.infer<typeof WireState>;

/** tailProcess*Log: [text, offset (the log's size), overflow]. */
export const WireTail = z.tuple([z.string(), Int, z.boolean()]);
export type WireTail = z.infer<typeof WireTail>;

/**
 * A system.multicall item. supervisord returns each result as is (not wrapped in a one-element
 * array as the XML-RPC multicall convention says); a failed call is a fault struct instead.
 */
export const WireMulticallFault = z.object({ faultCode: Int, faultString: z.string() });
export const WireMulticall = z.array(z.unknown());
