import { z } from "zod";
import type { PolicyChange } from "@/lib/connectors/policy";
import type { Manager } from "@/lib/connectors/types";
import type { Db } from "@/lib/store/open-store";
import { RespawnError } from "@/lib/util/errors";

/** One applied (or refused and rolled back) policy change, as kept in the store. */
export interface PolicyHistoryEntry {
  id: number;
  processId: string;
  hostId: string;
  manager: Manager;
  name: string;
  at: number;
  actor: string;
  kind: "apply" | "restore";
  /** The entry whose version was restored (kind "restore"). */
  restoredFrom: number | null;
  path: string;
  ownedBefore: PolicyChange;
  ownedAfter: PolicyChange;
  textBefore: string;
  textAfter: string;
  ok: boolean;
  rolledBack: boolean;
  message: string;
}

export type NewPolicyHistoryEntry = Omit<PolicyHistoryEntry, "id">;

const Owned = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.number()), z.null()]));

const Row = z.object({
  id: z.number(),
  process_id: z.string(),
  host_id: z.string(),
  manager: z.enum(["supervisord", "systemd"]),
  name: z.string(),
  at: z.number(),
  actor: z.string(),
  kind: z.enum(["apply", "restore"]),
  restored_from: z.number().nullable(),
  path: z.string(),
  owned_before: z.string(),
  owned_after: z.string(),
  text_before: z.string(),
  text_after: z.string(),
  ok: z.number(),
  rolled_back: z.number(),
  message: z.string(),
});

function fromRow(raw: unknown): PolicyHistoryEntry {
  const r = Row.parse(raw);
  return {
    id: r.id,
    processId: r.process_id,
    hostId: r.host_id,
    manager: r.manager,
    name: r.name,
    at: r.at,
    actor: r.actor,
    kind: r.kind,
    restoredFrom: r.restored_from,
    path: r.path,
    ownedBefore: Owned.parse(JSON.parse(r.owned_before)),
    ownedAfter: Owned.parse(JSON.parse(r.owned_after)),
    textBefore: r.text_before,
    textAfter: r.text_after,
    ok: r.ok === 1,
    rolledBack: r.rolled_back === 1,
    message: r.message,
  };
}

/** Stores one change; returns its id. */
export function insertPolicyChange(db: Db, e: NewPolicyHistoryEntry): number {
  const info = db
    .prepare(
      `INSERT INTO policy_changes (process_id, host_id, manager, name, at, actor, kind, restored_from, path,
        owned_before, owned_after, text_before, text_after, ok, rolled_back, message)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      e.processId, e.hostId, e.manager, e.name, e.at, e.actor.slice(0, 200), e.kind, e.restoredFrom, e.path,
      JSON.stringify(e.ownedBefore), JSON.stringify(e.ownedAfter), e.textBefore, e.textAfter,
      e.ok ? 1 : 0, e.rolledBack ? 1 : 0, e.message.slice(0, 2000),
    );
  return Number(info.lastInsertRowid);
}

/** A process's changes, newest first. */
export function listPolicyChanges(db: Db, processId: string, limit = 100): PolicyHistoryEntry[] {
  return db
    .prepare("SELECT * FROM policy_changes WHERE process_id = ? ORDER BY at DESC, id DESC LIMIT ?")
    .all(processId, Math.min(Math.max(1, limit), 500))
    .map(fromRow);
}

/** One change of a process; NOT_FOUND when it belongs to another process. */
export function getPolicyChange(db: Db, processId: string, id: number): PolicyHistoryEntry {
  const row = db.prepare("SELECT * FROM policy_changes WHERE id = ? AND process_id = ?").get(id, processId);
  if (!row) throw new RespawnError("NOT_FOUND", "no such policy change");
  return fromRow(row);
}
