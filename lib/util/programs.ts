import { realpathSync, statSync } from "node:fs";
import path from "node:path";
import { RespawnError } from "@/lib/util/errors";

/**
 * The only folders external programs are looked up in. Never the process's PATH: `npx next start`
 * puts every parent folder's node_modules/.bin first in it, where any local user may plant a file.
 */
export const TRUSTED_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** The external programs Respawn runs, and the feature each one serves (for the refusal message). */
export const PROGRAMS = {
  journalctl: "systemd logs and restart history from this machine's journal",
  ssh: "systemd hosts reached with bus: ssh (D-Bus bridge, journal, unit files)",
} as const;

export type ProgramName = keyof typeof PROGRAMS;

export type Resolution = { path: string; reason: null } | { path: null; reason: string };

export interface ResolveOptions {
  /** Folders to search, colon-separated; TRUSTED_PATH unless a test says otherwise. */
  searchPath?: string;
  /** The uid the program and its folder must belong to (root). */
  ownerUid?: number;
}

/** Why `file` may not be run (null when it may): it must be root's, and writable by root only. */
function untrusted(file: string, ownerUid: number): string | null {
  const st = statSync(file);
  if (!st.isFile()) return `${file} is not a regular file`;
  if ((st.mode & 0o111) === 0) return `${file} is not executable`;
  if (st.uid !== ownerUid) return `${file} is not owned by root (uid ${st.uid})`;
  if ((st.mode & 0o022) !== 0) return `${file} is writable by others than root`;
  const dir = statSync(path.dirname(file));
  if (dir.uid !== ownerUid || (dir.mode & 0o022) !== 0) return `${path.dirname(file)} may be changed by others than root`;
  return null;
}

/** Finds `name` in the trusted folders: the absolute path of the real file, or why there is none. */
export function resolveProgram(name: string, options: ResolveOptions = {}): Resolution {
  const dirs = (options.searchPath ?? TRUSTED_PATH).split(":").filter((d) => path.isAbsolute(d));
  const refused: string[] = [];
  for (const dir of dirs) {
    let real: string;
    try {
      real = realpathSync(path.join(dir, name));
    } catch {
      continue;
    }
    const why = untrusted(real, options.ownerUid ?? 0);
    if (!why) return { path: real, reason: null };
    refused.push(why);
  }
  const where = `in ${dirs.join(":")}`;
  return { path: null, reason: refused.length ? `${name} refused: ${refused.join("; ")}` : `${name} not found ${where}` };
}

const slot = globalThis as typeof globalThis & { __respawnPrograms?: Map<ProgramName, Resolution> };

/** Resolves every program once (at start); later calls return the same answers. */
export function resolvePrograms(): Map<ProgramName, Resolution> {
  slot.__respawnPrograms ??= new Map(
    (Object.keys(PROGRAMS) as ProgramName[]).map((name) => [name, resolveProgram(name)] as const),
  );
  return slot.__respawnPrograms;
}

/** The absolute path to spawn for `name`; refuses the feature when the program was not resolved. */
export function programPath(name: ProgramName, hostId?: string): string {
  const r = resolvePrograms().get(name);
  if (r?.path) return r.path;
  throw new RespawnError("UNAVAILABLE", `${PROGRAMS[name]} is turned off: ${r?.reason ?? `${name} not resolved`}`, { hostId });
}

/** The environment for a child: ours, with PATH replaced by the trusted one. */
export function childEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, PATH: TRUSTED_PATH };
}
