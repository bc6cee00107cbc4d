import type { FleetEvent, FleetSnapshot } from "@/lib/fleet/types";
import type { User } from "@/lib/store/users";
import { decodeProcessId } from "@/lib/util/ids";
import { RespawnError } from "@/lib/util/errors";

/** Whether a user may see (and, with the role, act on) a host. */
export function canSeeHost(user: User, hostId: string): boolean {
  return user.hosts === null || user.hosts.includes(hostId);
}

/** Whether a process id is on a host the user may see. A malformed id is not visible. */
export function canSeeProcess(user: User, processId: string): boolean {
  try {
    return canSeeHost(user, decodeProcessId(processId).hostId);
  } catch {
    return false;
  }
}

/** Throws NOT_FOUND for a process outside the user's hosts: its existence is not confirmed either. */
export function assertProcessVisible(user: User, processId: string): void {
  if (!canSeeProcess(user, processId)) throw new RespawnError("NOT_FOUND", "no such process");
}

export function filterSnapshot(user: User, s: FleetSnapshot): FleetSnapshot {
  if (user.hosts === null) return s;
  return {
    seq: s.seq,
    endpoints: s.endpoints.filter((e) => canSeeHost(user, e.hostId)),
    processes: s.processes.filter((p) => canSeeHost(user, p.hostId)),
  };
}

/** The part of a live event the user may see, or null when none of it. */
export function filterEvent(user: User, ev: FleetEvent): FleetEvent | null {
  if (user.hosts === null) return ev;
  switch (ev.type) {
    case "snapshot":
      return { type: "snapshot", ...filterSnapshot(user, ev) };
    case "endpoint":
      return canSeeHost(user, ev.endpoint.hostId) ? ev : null;
    case "processes": {
      const upsert = ev.upsert.filter((p) => canSeeHost(user, p.hostId));
      const remove = ev.remove.filter((id) => canSeeProcess(user, id));
      // An empty delta still carries seq, which the client uses to detect gaps.
      return { ...ev, upsert, remove };
    }
  }
}
