import { closeSync, constants, fchmodSync, mkdirSync, openSync, statSync, chmodSync } from "node:fs";
import path from "node:path";

/** The store holds password, session and share hashes: its folder is the owner's alone, and so are its files. */
export const STORE_DIR_MODE = 0o700;
export const STORE_FILE_MODE = 0o600;

const slot = globalThis as typeof globalThis & { __respawnStoreModeWarned?: Set<string> };

function modeOf(file: string): number | null {
  try {
    return statSync(file).mode & 0o777;
  } catch {
    return null;
  }
}

const octal = (m: number) => `0${m.toString(8)}`;

/**
 * Creates the store's folder 0700 and its database file 0600 whatever the umask (SQLite then gives
 * -wal and -shm the database file's mode). Existing ones are left as they are; their warnings are returned.
 */
export function prepareStoreFiles(file: string): string[] {
  const dir = path.dirname(file);
  const created = mkdirSync(dir, { recursive: true, mode: STORE_DIR_MODE });
  if (created !== undefined) chmodSync(dir, STORE_DIR_MODE);
  try {
    const fd = openSync(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, STORE_FILE_MODE);
    fchmodSync(fd, STORE_FILE_MODE);
    closeSync(fd);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  return widerThanAllowed(file);
}

/** Warnings for the store folder and files (db, -wal, -shm) that others than the owner may read. */
export function widerThanAllowed(file: string): string[] {
  const dir = path.dirname(file);
  const out: string[] = [];
  const dirMode = modeOf(dir);
  if (dirMode !== null && (dirMode & 0o077) !== 0) {
    out.push(`the store folder ${dir} is ${octal(dirMode)}: others may list it; run chmod 700 ${dir}`);
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    const m = modeOf(f);
    if (m !== null && (m & 0o077) !== 0) {
      out.push(`${f} is ${octal(m)}: it holds password and session hashes; run chmod 600 ${f}`);
    }
  }
  return out;
}

/** Prints each warning once per server process (the history and auth connections open the same file). */
export function warnOnce(lines: string[], log: (line: string) => void): void {
  const seen = (slot.__respawnStoreModeWarned ??= new Set());
  for (const line of lines) {
    if (seen.has(line)) continue;
    seen.add(line);
    log(`respawn: warning: ${line}`);
  }
}
