import type { ProcessInfo } from "@/lib/connectors/types";
import { encodeProcessId } from "@/lib/util/ids";

/** A ProcessInfo for tests: a supervisord program "web" on host "h" unless told otherwise. */
export function processInfo(patch: Partial<ProcessInfo> = {}): ProcessInfo {
  const hostId = patch.hostId ?? "h";
  const manager = patch.manager ?? "supervisord";
  const name = patch.name ?? "web";
  return {
    id: encodeProcessId({ hostId, manager, name }),
    hostId,
    manager,
    name,
    group: null,
    state: "running",
    rawState: "RUNNING",
    description: "",
    pid: 100,
    since: null,
    exitStatus: null,
    exitSignal: null,
    spawnError: null,
    restarts: null,
    logs: ["stdout"],
    details: {},
    ...patch,
  };
}
