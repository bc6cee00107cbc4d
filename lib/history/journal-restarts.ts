import { z } from "zod";

/** MESSAGE_ID of systemd's "Scheduled restart job, restart counter is at N." */
export const RESTART_MESSAGE_ID = "5eb03494b6584870a536b337290809b3";

/** One restart that systemd logged: the unit, when, and the journal cursor that names the message. */
export interface JournalRestart {
  unit: string;
  /** Epoch ms. */
  at: number;
  cursor: string;
  /** systemd's NRestarts after this restart, when the message carries it. */
  counter: number | null;
}

const Field = z.union([z.string(), z.array(z.number())]).optional();
/** The fields of one `journalctl -o json` line that a restart message needs. */
const JournalEntry = z
  .object({
    MESSAGE_ID: Field,
    __CURSOR: z.string().min(1),
    __REALTIME_TIMESTAMP: z.string().regex(/^\d{1,20}$/),
    UNIT: Field,
    USER_UNIT: Field,
    N_RESTARTS: Field,
  })
  .loose();

function text(v: string | number[] | undefined): string | null {
  return typeof v === "string" ? v : null;
}

/**
 * Picks systemd's restart messages out of parsed journal entries (anything else, or a malformed
 * entry, is skipped). System units carry UNIT=, user units USER_UNIT=.
 */
export function parseJournalRestarts(entries: readonly unknown[]): JournalRestart[] {
  const out: JournalRestart[] = [];
  for (const raw of entries) {
    const parsed = JournalEntry.safeParse(raw);
    if (!parsed.success) continue;
    const e = parsed.data;
    const unit = text(e.USER_UNIT) ?? text(e.UNIT);
    if (text(e.MESSAGE_ID) !== RESTART_MESSAGE_ID || !unit) continue;
    const counter = Number(text(e.N_RESTARTS) ?? NaN);
    out.push({
      unit,
      at: Math.floor(Number(e.__REALTIME_TIMESTAMP) / 1000),
      cursor: e.__CURSOR,
      counter: Number.isInteger(counter) ? counter : null,
    });
  }
  return out;
}
