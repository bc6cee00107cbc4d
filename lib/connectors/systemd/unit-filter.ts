/** systemd's own units, hidden unless named exactly in the `units` patterns. */
export const BUILTIN_EXCLUDES = [
  "systemd-*",
  "dbus*",
  "user@*",
  "user-runtime-dir@*",
  "init.scope",
  "-.slice",
  "-.mount",
];

/** An fnmatch-style glob (`*`, `?`, `[...]`) → RegExp, as systemd matches unit patterns. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) {
        re += "\\[";
        continue;
      }
      const body = glob.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\");
      re += `[${body}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

export type UnitFilter = (name: string) => boolean;

/** Builds the filter of shown units from the endpoint's `units` / `excludeUnits` globs. */
export function createUnitFilter(units: string[], excludeUnits: string[]): UnitFilter {
  const include = units.map(globToRegExp);
  const exclude = [...excludeUnits].map(globToRegExp);
  const builtin = BUILTIN_EXCLUDES.map(globToRegExp);
  const exact = new Set(units.filter((u) => !/[*?[]/.test(u)));
  return (name) => {
    if (!include.some((r) => r.test(name)) || exclude.some((r) => r.test(name))) return false;
    return exact.has(name) || !builtin.some((r) => r.test(name));
  };
}
