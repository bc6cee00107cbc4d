import { z } from "zod";
import type { LogStream, ProcessInfo } from "@/lib/connectors/types";
import type { Db } from "@/lib/store/open-store";
import { MAX_LINE_BYTES } from "@/lib/connectors/long-line";
import { RespawnError } from "@/lib/util/errors";
import { saveIncident } from "./incidents";
import { buildSnapshot, DEFAULT_LINES_PER_STREAM, readTails, type CaptureSources, type RawLine } from "./snapshot";

// A line the viewer shows is at most MAX_LINE_BYTES plus its "… more of this line" marker.
const Line = z.object({ text: z.string().max(MAX_LINE_BYTES + 64), ts: z.number().nullable(), priority: z.number().int().min(0).max(7).nullable() });

/** A manual capture: the lines the operator selected in a log view, or the last N minutes of every stream. */
export const ManualIncident = z
  .object({
    processId: z.string().min(1).max(600),
    title: z.string().trim().min(1).max(200),
    comment: z.string().max(4_000).default(""),
    selection: z
      .object({
        stream: z.enum(["stdout", "stderr", "journal"]),
        /** The lines of the view, up to 2 000, and which of them were selected (inclusive indexes). */
        lines: z.array(Line).min(1).max(2_000),
        from: z.number().int().min(0),
        to: z.number().int().min(0),
      })
      .refine((s) => s.from <= s.to && s.to < s.lines.length, "the selection must lie within the lines")
      .optional(),
    lastMinutes: z.number().int().min(1).max(24 * 60).optional(),
  })
  .refine((b) => (b.selection ? 1 : 0) + (b.lastMinutes ? 1 : 0) === 1, "give either a selection of lines or lastMinutes");
export type ManualIncident = z.infer<typeof ManualIncident>;

/**
 * Creates an incident from a selection or from the last minutes of the logs. Lines without a
 * timestamp (supervisord logs carry none) cannot be placed in time: the bounded tail keeps them all.
 */
export async function createManualIncident(
  db: Db,
  sources: CaptureSources,
  info: ProcessInfo,
  input: ManualIncident,
  actor: string,
): Promise<number> {
  const now = (sources.now ?? Date.now)();
  let tails: Awaited<ReturnType<typeof readTails>>;
  let highlight: { stream: LogStream; from: number; to: number } | null = null;
  if (input.selection) {
    const s = input.selection;
    if (!info.logs.includes(s.stream)) throw new RespawnError("INVALID", `this process has no ${s.stream} log`);
    tails = [{ stream: s.stream, lines: s.lines as RawLine[], truncated: false, error: null }];
    highlight = { stream: s.stream, from: s.from, to: s.to };
  } else {
    const since = now - (input.lastMinutes ?? 0) * 60_000;
    tails = (await readTails({ ...sources, linesPerStream: sources.linesPerStream ?? DEFAULT_LINES_PER_STREAM }, info)).map((t) => ({
      ...t,
      lines: t.lines.filter((l) => l.ts === null || l.ts >= since),
    }));
  }
  const snapshot = await buildSnapshot(sources, info, tails, highlight);
  return saveIncident(db, { kind: "manual", title: input.title, comment: input.comment || null, createdBy: actor, info, snapshot });
}
