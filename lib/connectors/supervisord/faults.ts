import { RespawnError, type ErrorCode } from "@/lib/util/errors";

/** supervisord's fault codes (supervisor/xmlrpc.py `Faults`). */
export const FAULT_NAMES: Record<number, string> = {
  1: "UNKNOWN_METHOD",
  2: "INCORRECT_PARAMETERS",
  3: "BAD_ARGUMENTS",
  4: "SIGNATURE_UNSUPPORTED",
  6: "SHUTDOWN_STATE",
  10: "BAD_NAME",
  11: "BAD_SIGNAL",
  20: "NO_FILE",
  21: "NOT_EXECUTABLE",
  30: "FAILED",
  40: "ABNORMAL_TERMINATION",
  50: "SPAWN_ERROR",
  60: "ALREADY_STARTED",
  70: "NOT_RUNNING",
  80: "SUCCESS",
  90: "ALREADY_ADDED",
  91: "STILL_RUNNING",
  92: "CANT_REREAD",
};

const FAULT_ERROR_CODES: Record<string, ErrorCode> = {
  BAD_NAME: "NOT_FOUND",
  ALREADY_STARTED: "CONFLICT",
  NOT_RUNNING: "CONFLICT",
};

/** A fault answered by supervisord: a RespawnError that keeps the fault's code and name. */
export class SupervisordFault extends RespawnError {
  readonly faultCode: number;
  readonly faultName: string;

  constructor(faultCode: number, faultString: string, hostId: string) {
    const faultName = FAULT_NAMES[faultCode] ?? `FAULT_${faultCode}`;
    const code = FAULT_ERROR_CODES[faultName] ?? "FAULT";
    const message =
      code === "NOT_FOUND" ? "no such process" : `supervisord refused: ${faultString}`;
    super(code, message, { hostId, detail: faultString });
    this.faultCode = faultCode;
    this.faultName = faultName;
  }
}

export function isFault(e: unknown, name?: string): e is SupervisordFault {
  return e instanceof SupervisordFault && (name === undefined || e.faultName === name);
}

/** An HTTP status other than 200 (401 is AUTH; 500 is what supervisord sends for undecodable logs). */
export class SupervisordHttpError extends RespawnError {
  readonly status: number;

  constructor(status: number, hostId: string) {
    const code: ErrorCode = status === 401 ? "AUTH" : status >= 500 ? "FAULT" : "BAD_RESPONSE";
    const message =
      status === 401
        ? "credentials refused (HTTP 401)"
        : status >= 500
          ? `supervisord failed to answer (HTTP ${status})`
          : `unexpected HTTP status ${status}`;
    super(code, message, { hostId });
    this.status = status;
  }
}

export function isHttpStatus(e: unknown, status: number): e is SupervisordHttpError {
  return e instanceof SupervisordHttpError && e.status === status;
}
