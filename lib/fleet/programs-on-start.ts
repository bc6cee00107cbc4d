import type { RespawnConfig } from "@/lib/config/schema";
import { PROGRAMS, resolvePrograms, type ProgramName } from "@/lib/util/programs";

/** The programs the configured hosts need: journalctl for a local systemd, ssh for `bus: ssh`. */
export function programsNeeded(config: RespawnConfig): Set<ProgramName> {
  const needed = new Set<ProgramName>();
  for (const host of config.hosts) {
    if (!host.systemd) continue;
    needed.add(host.systemd.bus === "ssh" ? "ssh" : "journalctl");
  }
  return needed;
}

/**
 * Resolves every external program once, from the trusted folders only, and says at start which
 * feature is turned off because its program is missing or not root's. Returns those lines.
 */
export function resolveProgramsOnStart(config: RespawnConfig, log: (line: string) => void = console.error): string[] {
  const resolved = resolvePrograms();
  const lines: string[] = [];
  for (const name of programsNeeded(config)) {
    const r = resolved.get(name);
    if (r?.path) continue;
    lines.push(`respawn: ${PROGRAMS[name]} is turned off: ${r?.reason ?? `${name} not resolved`}`);
  }
  lines.forEach((l) => log(l));
  return lines;
}
