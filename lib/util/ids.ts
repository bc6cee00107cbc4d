import type { Manager } from "@/lib/connectors/types";
import { RespawnError } from "@/lib/util/errors";

/** Host ids appear in URLs, file names and metrics labels, so they are kept to a safe alphabet. */
export const HOST_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export interface ProcessRef {
  hostId: string;
  manager: Manager;
  name: string;
}

const MANAGER_TAG: Record<Manager, string> = { supervisord: "s", systemd: "d" };

/** Builds the opaque, URL-safe id of a process from host, manager and backend name. */
export function encodeProcessId(ref: ProcessRef): string {
  return Buffer.from(`${ref.hostId}\u0000${MANAGER_TAG[ref.manager]}\u0000${ref.name}`, "utf8").toString(
    "base64url",
  );
}

/** Inverse of encodeProcessId; throws NOT_FOUND for anything that is not a well-formed id. */
export function decodeProcessId(id: string): ProcessRef {
  const bad = () => new RespawnError("NOT_FOUND", "no such process");
  if (!/^[A-Za-z0-9_-]{1,700}$/.test(id)) throw bad();
  const parts = Buffer.from(id, "base64url").toString("utf8").split("\u0000");
  const [hostId, tag, name] = parts;
  if (parts.length !== 3 || !hostId || !name || !HOST_ID_PATTERN.test(hostId)) throw bad();
  const manager = tag === "s" ? "supervisord" : tag === "d" ? "systemd" : null;
  if (!manager) throw bad();
  return { hostId, manager, name };
}
