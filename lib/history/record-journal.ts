import type { Db } from "@/lib/store/open-store";
import { markSeen } from "@/lib/store/processes-seen";
import { claimRestart, hasRestartRef, insertRestart } from "@/lib/store/restarts";
import { encodeProcessId } from "@/lib/util/ids";
import type { JournalRestart } from "./journal-restarts";
import type { Windows } from "./record-observed";

/** How far after a journal restart message a restart counted at first sight (NRestarts) may stand. */
const FIRST_SIGHT_CLAIM_MS = 24 * 60 * 60_000;

/**
 * Records the journal's restart messages that are not in the store yet. A message that matches a
 * restart counted live (NRestarts went up shortly after it) claims that one instead of adding one.
 * Returns how many restarts were added.
 */
export function recordJournalRestarts(db: Db, hostId: string, restarts: readonly JournalRestart[], w: Windows): number {
  let added = 0;
  for (const r of [...restarts].sort((a, b) => a.at - b.at)) {
    const key = { processId: encodeProcessId({ hostId, manager: "systemd", name: r.unit }), hostId, manager: "systemd" as const, name: r.unit };
    if (hasRestartRef(db, key.processId, r.cursor)) continue;
    markSeen(db, key, r.at);
    // systemd logs the message as it schedules the restart; NRestarts is read at or after that.
    if (claimRestart(db, key.processId, r.at - 1_000, r.at + w.dedupWindowMs, r.cursor, r.at)) continue;
    // A restart counted from NRestarts at first sight stands at the unit's last change, after it.
    if (claimRestart(db, key.processId, r.at, r.at + FIRST_SIGHT_CLAIM_MS, r.cursor, r.at)) continue;
    const inserted = insertRestart(db, {
      processId: key.processId,
      at: r.at,
      source: "journal",
      exact: true,
      pid: null,
      cause: "manager-restart",
      ref: r.cursor,
    });
    if (inserted) added += 1;
  }
  return added;
}
