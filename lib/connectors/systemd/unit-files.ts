import { RespawnError } from "@/lib/util/errors";
import type { CallOptions } from "./dbus-client";
import type { Link } from "./session";
import type { UnitFilter } from "./unit-filter";
import type { UnitFileChanges, UnitFileRow } from "./wire";

/**
 * Unit file states not shown as processes of their own: an alias is its target under another
 * name, and transient or bad files are nothing an operator can start.
 */
const HIDDEN_FILE_STATES = new Set(["alias", "transient", "bad"]);
const ENABLED_STATES = new Set(["enabled", "enabled-runtime"]);
/** daemon-reload can take a while on a big host: wait longer than a plain call. */
const RELOAD_TIMEOUT_MS = 60_000;

export interface InstalledUnit {
  name: string;
  path: string;
  state: string;
}

/**
 * The unit files to show beside the loaded units: those the filter shows, not loaded already, not
 * templates (`foo@.service` cannot run without an instance name) and not hidden states.
 */
export function installedUnits(rows: readonly UnitFileRow[], filter: UnitFilter, loaded: ReadonlySet<string>): InstalledUnit[] {
  const seen = new Set<string>();
  const out: InstalledUnit[] = [];
  for (const [path, state] of rows) {
    const name = path.slice(path.lastIndexOf("/") + 1);
    if (seen.has(name) || loaded.has(name) || name.includes("@.") || HIDDEN_FILE_STATES.has(state)) continue;
    if (!filter(name)) continue;
    seen.add(name);
    out.push({ name, path, state });
  }
  return out;
}

function describeChanges(changes: UnitFileChanges): string {
  if (changes.length === 0) return "no link needed changing";
  return changes
    .map(([type, file, dest]) => (type === "symlink" ? `linked ${file} → ${dest}` : `${type === "unlink" ? "removed" : type} ${file}`))
    .join("; ");
}

export interface EnableOutcome {
  ok: boolean;
  /** The file's state read back after the change and the reload. */
  state: string | null;
  message: string;
}

async function change(link: Link, name: string, enable: boolean, o: CallOptions): Promise<UnitFileChanges> {
  if (!enable) return link.client.disableUnitFile(name, o);
  return (await link.client.enableUnitFile(name, o)).changes;
}

/**
 * Enables or disables a unit file as `systemctl enable|disable` does — the [Install] links, then a
 * daemon-reload — and reads the file's state back: done only when it is now enabled (or disabled).
 */
export async function setUnitFileEnabled(link: Link, name: string, enable: boolean, o: CallOptions): Promise<EnableOutcome> {
  const verb = enable ? "enable" : "disable";
  let changes: UnitFileChanges;
  try {
    changes = await change(link, name, enable, o);
  } catch (e) {
    // systemd answered but refused (masked, no such file, a link in the way…): nothing changed.
    if (e instanceof RespawnError && e.code === "FAULT") return { ok: false, state: null, message: `systemd refused to ${verb} it: ${e.message}` };
    throw e;
  }
  const reloadError = await link.client
    .reload({ ...o, timeoutMs: Math.max(o.timeoutMs, RELOAD_TIMEOUT_MS) })
    .then(() => null, (e: unknown) => (e instanceof Error ? e.message : String(e)));
  const state = await link.client.getUnitFileState(name, o);
  const reached = enable ? ENABLED_STATES.has(state) : state === "disabled";
  if (reached && !reloadError) return { ok: true, state, message: `${state} (${describeChanges(changes)})` };
  if (reached) return { ok: false, state, message: `${state} in the files, but systemd's reload failed: ${reloadError}` };
  if (state === "static") {
    return { ok: false, state, message: `systemd cannot ${verb} it: its unit file has no [Install] section (static)` };
  }
  return { ok: false, state, message: `still ${state} after the ${verb} (${describeChanges(changes)})` };
}
