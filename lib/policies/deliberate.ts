/**
 * Services whose unusual restart settings are deliberate, so the advisor stays silent on them
 * instead of offering a fix that would break them: remote-login and cron daemons and container
 * runtimes keep KillMode=process so a restart does not kill the sessions, jobs or containers they
 * started; process managers keep their children; core system daemons are tuned by systemd itself.
 */

const KEEP_CHILDREN = [
  "ssh", "sshd", "dropbear", "telnet", "cron", "crond", "cronie", "anacron", "atd", "fcron",
  "docker", "containerd", "crio", "cri-o", "podman", "lxc", "lxd", "libvirtd", "incus",
  "supervisor", "supervisord", "circus", "monit", "runit", "s6", "pm2",
];
const CORE = ["dbus", "dbus-broker", "polkit", "udev", "getty@", "serial-getty@", "container-getty@", "console-getty", "user@", "auditd", "emergency", "rescue"];

/** The unit's base name: `ssh.service` → `ssh`, `getty@tty1.service` → `getty@`, `pm2-root` → `pm2`. */
export function baseName(unit: string): string {
  const name = unit.replace(/\.(service|socket|timer|target)$/, "");
  const at = name.indexOf("@");
  return at >= 0 ? name.slice(0, at + 1) : name;
}

/** A service that keeps its children over a restart by design (sessions, jobs, containers, managed programs). */
export function keepsChildrenByDesign(unit: string): boolean {
  const b = baseName(unit);
  return KEEP_CHILDREN.includes(b) || KEEP_CHILDREN.some((k) => b.startsWith(`${k}-`));
}

/** A daemon of the operating system itself, whose restart settings systemd's and the distribution's authors chose. */
export function coreDaemon(unit: string): boolean {
  const b = baseName(unit);
  return b.startsWith("systemd-") || CORE.includes(b);
}

/** A unit as its package shipped it (under /lib or /usr/lib, no drop-in): its policy is the packager's choice. */
export function shippedAsIs(files: string[]): boolean {
  return files.length === 1 && /^\/(usr\/)?lib\/systemd\//.test(files[0] ?? "");
}
