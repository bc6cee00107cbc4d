import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { lstat, open, realpath, rename, unlink } from "node:fs/promises";
import path from "node:path";
import { RespawnError } from "@/lib/util/errors";

const errno = (e: unknown): string => (e as NodeJS.ErrnoException | undefined)?.code ?? "";

/** Refuses a path whose folder is reached through a symlink, or that is a symlink or not a regular file. */
async function checkTarget(file: string): Promise<{ exists: boolean; mode: number }> {
  if (!path.isAbsolute(file) || path.normalize(file) !== file) {
    throw new RespawnError("FORBIDDEN", `not a plain absolute path: ${file}`);
  }
  const dir = path.dirname(file);
  let real: string;
  try {
    real = await realpath(/*turbopackIgnore: true*/ dir);
  } catch (e) {
    if (errno(e) === "ENOENT") return { exists: false, mode: 0o644 };
    throw new RespawnError("FORBIDDEN", `the folder ${dir} cannot be read (${errno(e) || "error"})`);
  }
  if (real !== dir) throw new RespawnError("FORBIDDEN", `the folder ${dir} is reached through a symlink: refused`);
  try {
    const st = await lstat(/*turbopackIgnore: true*/ file);
    if (st.isSymbolicLink()) throw new RespawnError("FORBIDDEN", `${file} is a symlink: refused`);
    if (!st.isFile()) throw new RespawnError("FORBIDDEN", `${file} is not a regular file: refused`);
    return { exists: true, mode: st.mode & 0o7777 };
  } catch (e) {
    if (errno(e) === "ENOENT") return { exists: false, mode: 0o644 };
    throw e;
  }
}

/** Reads a file without following a symlink at it; null when it does not exist. */
export async function readFileNoFollow(file: string, maxBytes = 4 * 1024 * 1024): Promise<string | null> {
  const { exists } = await checkTarget(file);
  if (!exists) return null;
  const fh = await open(/*turbopackIgnore: true*/ file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const st = await fh.stat();
    if (st.size > maxBytes) throw new RespawnError("INVALID", `${file} is larger than ${maxBytes} bytes`);
    return (await fh.readFile()).toString("utf8");
  } finally {
    await fh.close();
  }
}

/**
 * Replaces a file atomically: a new temp file in the same folder (O_EXCL, O_NOFOLLOW), written and
 * fsynced, then renamed over the target and the folder fsynced. Any failure (a full disk) removes
 * the temp file and leaves the old file exactly as it was.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const { mode } = await checkTarget(file);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  try {
    const fh = await open(/*turbopackIgnore: true*/ tmp, flags, mode);
    try {
      await fh.writeFile(content, "utf8");
      await fh.sync();
    } finally {
      await fh.close();
    }
    await checkTarget(file);
    await rename(/*turbopackIgnore: true*/ tmp, file);
  } catch (e) {
    await unlink(/*turbopackIgnore: true*/ tmp).catch(() => undefined);
    if (e instanceof RespawnError) throw e;
    const code = errno(e);
    const why = code === "ENOSPC" ? "the disk is full" : code === "EACCES" || code === "EPERM" ? "no permission" : code || "error";
    throw new RespawnError(code === "EACCES" || code === "EPERM" ? "FORBIDDEN" : "UNAVAILABLE", `could not write ${file}: ${why}; the old file is unchanged`, { cause: e });
  }
  await syncDir(path.dirname(file));
}

/** Removes a file Respawn owns; a symlink there is refused, a missing file is fine. */
export async function removeFileNoFollow(file: string): Promise<void> {
  const { exists } = await checkTarget(file);
  if (exists) await unlink(/*turbopackIgnore: true*/ file);
  await syncDir(path.dirname(file));
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(/*turbopackIgnore: true*/ dir, constants.O_RDONLY | constants.O_DIRECTORY).catch(() => null);
  if (!fh) return;
  await fh.sync().catch(() => undefined);
  await fh.close();
}
