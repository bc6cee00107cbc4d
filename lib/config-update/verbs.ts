import type { ConfigChangeNames, ConfigChanges, ConfigReloader, ConfigUpdateResult } from "@/lib/connectors/types";
import type { Monitor } from "@/lib/fleet/monitor";
import { RespawnError, toRespawnError } from "@/lib/util/errors";

/** An update stops and starts groups one after another: allow for several stop timeouts. */
export const UPDATE_DEADLINE_MS = 300_000;
const REREAD_DEADLINE_MS = 30_000;

/** Who asks, and how to append to the audit log as them (the route's `audit`). */
export interface UpdateActor {
  audit(entry: { action: string; target?: string | null; result: string; detail?: string | null }): void;
}

/** What the host's config files would change, per manager that re-reads them (supervisord). */
export interface HostConfigChanges {
  hostId: string;
  manager: string;
  changes: ConfigChanges;
}

/** Runs a task on the host's endpoint whose manager re-reads its files; NOT_FOUND when none does. */
async function onReloader<T>(monitor: Monitor, hostId: string, task: (r: ConfigReloader, signal: AbortSignal) => Promise<T>, deadlineMs: number) {
  const endpoints = monitor.snapshot().endpoints.filter((e) => e.hostId === hostId);
  for (const e of endpoints) {
    const found = await monitor.withEndpointConnector(
      hostId,
      e.manager,
      async (c, signal) => (c.configReload ? { manager: e.manager, value: await task(c.configReload, signal) } : null),
      deadlineMs,
    );
    if (found) return found;
  }
  throw new RespawnError("NOT_FOUND", `host "${hostId}" has no manager whose configuration files can be re-read`);
}

/** Re-reads the host's config files (supervisorctl reread) and lists what differs from what runs. */
export async function readHostConfigChanges(monitor: Monitor, hostId: string): Promise<HostConfigChanges> {
  const r = await onReloader(monitor, hostId, (c, signal) => c.readConfigChanges(signal), REREAD_DEADLINE_MS);
  return { hostId, manager: r.manager, changes: r.value };
}

const summary = (n: ConfigChangeNames) =>
  `added: ${n.added.join(", ") || "-"}; changed: ${n.changed.join(", ") || "-"}; removed: ${n.removed.join(", ") || "-"}`;

/** Loads the changes the admin was shown (supervisorctl update), audited before and after. */
export async function applyHostConfigChanges(monitor: Monitor, actor: UpdateActor, hostId: string, expected: ConfigChangeNames): Promise<ConfigUpdateResult> {
  const target = hostId;
  // Stored before anything runs: when the audit log cannot be written, nothing is changed.
  actor.audit({ action: "config.update", target, result: "attempted", detail: summary(expected).slice(0, 1500) });
  try {
    const { value } = await onReloader(monitor, hostId, (c, signal) => c.applyConfigChanges(expected, signal), UPDATE_DEADLINE_MS);
    const detail = [value.message, ...value.groups.map((g) => `${g.group} ${g.change}: ${g.message}`)].join("; ");
    actor.audit({ action: "config.update", target, result: value.outcome, detail: detail.slice(0, 1500) });
    return value;
  } catch (e) {
    const err = toRespawnError(e, "FAULT");
    // No answer while groups were being changed: supervisord may have done part of it.
    const result = err.code === "TIMEOUT" || err.code === "UNREACHABLE" ? "unknown" : "failed";
    actor.audit({ action: "config.update", target, result, detail: `${err.code}: ${err.message}` });
    throw e;
  }
}
