import { z } from "zod";

/** Query of the log routes: which stream, from where, how much. */
export const LogQuery = z.object({
  stream: z.enum(["stdout", "stderr", "journal"]),
  cursor: z.string().max(1024).optional(),
  maxBytes: z.coerce.number().int().min(1).max(4 * 1024 * 1024).optional(),
  maxLines: z.coerce.number().int().min(1).max(10_000).optional(),
});
export type LogQuery = z.infer<typeof LogQuery>;

export function parseLogQuery(url: string): LogQuery {
  const params = Object.fromEntries(new URL(url).searchParams);
  return LogQuery.parse(params);
}
