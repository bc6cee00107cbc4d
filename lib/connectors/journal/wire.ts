import { z } from "zod";

const Bytes = z.array(z.number().int().min(0).max(255));
const FieldValue = z.union([z.string(), Bytes]);

/**
 * One line of `journalctl -o json`. A field is a string, a byte array (not UTF-8, or with
 * control characters), null (too large, without --all), or an array of those when repeated.
 */
export const JournalEntry = z.object({
  __CURSOR: z.string().min(1),
  __REALTIME_TIMESTAMP: z.string().regex(/^\d+$/),
  MESSAGE: z.union([FieldValue, z.array(FieldValue), z.null()]).optional(),
  PRIORITY: z.union([FieldValue, z.array(FieldValue), z.null()]).optional(),
});
export type JournalEntry = z.infer<typeof JournalEntry>;
export type FieldValue = z.infer<typeof FieldValue>;
