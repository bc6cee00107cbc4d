const UNIT_PATH_PREFIX = "/org/freedesktop/systemd1/unit/";

/** The D-Bus object path of a unit, escaped the way sd-bus does (bus_label_escape). */
export function unitObjectPath(name: string): string {
  let out = "";
  for (const [i, ch] of [...Buffer.from(name, "utf8")].entries()) {
    const c = String.fromCharCode(ch);
    const plain = /[A-Za-z]/.test(c) || (i > 0 && /[0-9]/.test(c));
    out += plain ? c : `_${ch.toString(16).padStart(2, "0")}`;
  }
  return UNIT_PATH_PREFIX + (out || "_");
}

/** The unit name inside a unit object path, or null for any other path. */
export function unitNameFromPath(path: string): string | null {
  if (!path.startsWith(UNIT_PATH_PREFIX)) return null;
  const label = path.slice(UNIT_PATH_PREFIX.length);
  if (label === "_" || label.includes("/")) return null;
  const bytes: number[] = [];
  for (let i = 0; i < label.length; i++) {
    if (label[i] === "_") {
      bytes.push(parseInt(label.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(label.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
