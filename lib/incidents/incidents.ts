import type { ProcessInfo } from "@/lib/connectors/types";
import {
  getIncident,
  insertIncident,
  listIncidents,
  replaceIncidentSnapshot,
  setIncidentStatus,
  type IncidentFilter,
  type IncidentKind,
  type IncidentStatus,
  type IncidentSummary,
} from "@/lib/store/incidents";
import type { Db } from "@/lib/store/open-store";
import { RespawnError } from "@/lib/util/errors";
import { redactText } from "./redact";
import type { Incident, IncidentSnapshot, SnapshotRelapse } from "./types";

export interface NewIncident {
  kind: IncidentKind;
  title: string;
  comment: string | null;
  createdBy: string | null;
  info: Pick<ProcessInfo, "id" | "hostId" | "manager" | "name">;
  snapshot: IncidentSnapshot;
}

/** Stores an incident with its frozen snapshot; the title and comment are redacted too. */
export function saveIncident(db: Db, n: NewIncident): number {
  const title = redactText(n.title.slice(0, 200));
  const comment = n.comment ? redactText(n.comment.slice(0, 4_000)) : null;
  const snapshot = { ...n.snapshot, redactions: n.snapshot.redactions + title.count + (comment?.count ?? 0) };
  return insertIncident(db, {
    processId: n.info.id,
    hostId: n.info.hostId,
    manager: n.info.manager,
    processName: n.info.name,
    kind: n.kind,
    title: title.text,
    comment: comment?.text ?? null,
    openedAt: snapshot.capturedAt,
    createdBy: n.createdBy,
    lineCount: snapshot.streams.reduce((sum, s) => sum + s.lines.length, 0),
    redactions: snapshot.redactions,
    snapshot: JSON.stringify(snapshot),
  });
}

/** One incident with its snapshot; NOT_FOUND when absent or on a host the reader may not see. */
export function readIncident(db: Db, id: number, hosts: readonly string[] | null = null): Incident {
  const row = Number.isSafeInteger(id) && id > 0 ? getIncident(db, id) : undefined;
  if (!row || (hosts && !hosts.includes(row.hostId))) throw new RespawnError("NOT_FOUND", "no such incident");
  const { snapshot, ...summary } = row;
  return { ...summary, snapshot: JSON.parse(snapshot) as IncidentSnapshot };
}

export function findIncidents(db: Db, filter: IncidentFilter): IncidentSummary[] {
  return listIncidents(db, filter);
}

/** Resolves or reopens an incident. */
export function changeIncidentStatus(db: Db, id: number, status: IncidentStatus, actor: string, now = Date.now()): void {
  if (!setIncidentStatus(db, id, status, now, actor)) throw new RespawnError("NOT_FOUND", "no such incident");
}

/** Adds "gave up again" to an open incident: one incident per episode, however often it relapses. */
export function addRelapse(db: Db, id: number, relapse: SnapshotRelapse): void {
  const row = getIncident(db, id);
  if (!row) return;
  const snapshot = JSON.parse(row.snapshot) as IncidentSnapshot;
  const relapses = [...(snapshot.relapses ?? []), relapse].slice(-100);
  replaceIncidentSnapshot(db, id, JSON.stringify({ ...snapshot, relapses }));
}
