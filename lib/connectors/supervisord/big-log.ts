import type { LogChunk, LogStream } from "@/lib/connectors/types";
import { RespawnError } from "@/lib/util/errors";
import { isHttpStatus } from "./faults";
import type { ByteReader } from "./log-window";

/** supervisord's XML-RPC sends integers up to 2^31-1: no offset or size of a bigger log gets through. */
export const XMLRPC_INT_MAX = 2 ** 31 - 1;

export const TOO_BIG =
  "this log is 2 GiB or more: supervisord's XML-RPC cannot send its size or any byte past 2 GiB " +
  "(its integers stop at 2^31-1), so its end cannot be shown or followed. Set stdout_logfile_maxbytes / " +
  "stderr_logfile_maxbytes so supervisord rotates it, or read the file on the host";

/**
 * Whether a failed size call (HTTP 500) is supervisord's integer limit: true when the log still
 * has bytes just below 2 GiB. Any other failure is left to the caller.
 */
export async function isOverTwoGiB(sizeError: unknown, read: ByteReader): Promise<boolean> {
  if (!isHttpStatus(sizeError, 500)) return false;
  for (const offset of [XMLRPC_INT_MAX - 1, XMLRPC_INT_MAX - 4096]) {
    try {
      if ((await read(offset, 1)).length > 0) return true;
    } catch {
      // an undecodable byte there: try a little earlier
    }
  }
  return false;
}

/** The tail of such a log: the plain notice, then the first lines, which supervisord can still send. */
export function bigLogChunk(firstLines: string[], stream: LogStream): LogChunk {
  const lines = [`[respawn] ${TOO_BIG}. Shown: the first lines of the log.`, ...firstLines];
  return { lines: lines.map((text) => ({ text, ts: null, priority: null, stream })), cursor: "0", rotated: false, truncated: true };
}

/** The error a follow of such a log ends with. */
export function bigLogError(): RespawnError {
  return new RespawnError("UNAVAILABLE", TOO_BIG);
}
