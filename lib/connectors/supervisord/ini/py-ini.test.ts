import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FormatError, pyPercent } from "./py-format";
import { fnmatch, pyGlob } from "./py-glob";
import { commentStart, emptyStore, getOption, readIniText } from "./py-ini";

function read(text: string) {
  const store = emptyStore();
  const errors = readIniText(store, "f", text);
  return { store, errors, get: (s: string, k: string) => getOption(store, s, k) };
}

describe("configparser as supervisord sets it up", () => {
  it("ends lines at \\n, \\r\\n and a lone \\r", () => {
    const { get } = read("[a]\r\nx=1\ry=2\nz=3");
    expect([get("a", "x")?.value, get("a", "y")?.line, get("a", "z")?.line]).toEqual(["1", 3, 4]);
  });

  it("finds inline comments the way configparser's loop does, not always at the first prefix", () => {
    expect(commentStart("a=x ; c\n")).toBe(4);
    expect(commentStart("a=x;y # c\n")).toBe(6);
    // The first `;` is not a comment, the first `#` is: configparser stops there, past the later ` ;`
    // (Python reads "a=x;y ;w #z" as "x;y ;w").
    expect(commentStart("a=x;y ;w #z\n")).toBe(9);
    expect(commentStart("  ; whole line\n")).toBe(0);
  });

  it("continues a value on deeper-indented lines, keeping blank lines inside and skipping comments", () => {
    const { get } = read("[a]\nx = 0,\n\n  ; note\n  2\n\ny=1\n  [b]\n");
    expect(get("a", "x")?.value).toBe("0,\n\n2");
    expect(get("a", "x")?.continuation).toEqual([5]);
    // An indented header after a less indented key is part of that key's value.
    expect(get("a", "y")?.value).toBe("1\n[b]");
  });

  it("lower-cases keys, takes `:` as well as `=`, merges repeated sections (the later value wins) and falls back to [DEFAULT]", () => {
    const { get, store } = read("[DEFAULT]\nstartretries=7\n[a]\nStartSecs : 5\n[b]\n[a]\nstartsecs=6\n");
    expect(get("a", "startsecs")).toMatchObject({ value: "6", line: 7 });
    expect(get("b", "startretries")).toMatchObject({ value: "7", line: 2 });
    expect(store.headers.get("a")?.map((h) => h.line)).toEqual([3, 6]);
  });

  it("collects lines that are neither a section, an option nor a continuation", () => {
    expect(read("[a]\njust words\n").errors).toMatchObject([{ line: 2 }]);
    expect(() => read("x=1\n")).toThrow(/no section headers/);
  });
});

describe("Python's % expansion and glob", () => {
  it("expands like `s % mapping`, with widths, and fails where Python fails", () => {
    expect(pyPercent("%(program_name)s_%(process_num)02d 100%%", { program_name: "w", process_num: 3 })).toBe("w_03 100%");
    expect(() => pyPercent("%(nope)s", {})).toThrow(FormatError);
    expect(() => pyPercent("50%", {})).toThrow(FormatError);
    expect(() => pyPercent("%(x)d", { x: "a" })).toThrow(FormatError);
  });

  it("matches classes, negations and ranges as fnmatch does", () => {
    expect(fnmatch("a1.conf", "[ab]?.conf")).toBe(true);
    expect(fnmatch("a1.conf", "[!a]*.conf")).toBe(false);
    expect(fnmatch("b.conf", "[0-9a-b].conf")).toBe(true);
    expect(fnmatch("[x", "[x")).toBe(true);
    expect(fnmatch("z.conf", "[z-a].conf")).toBe(false);
  });

  it("globs wildcard folders and leaves hidden files to patterns that start with a dot", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "respawn-glob-"));
    for (const f of ["conf.d/a.conf", "conf.d/.h.conf", "conf.x/b.conf", ".hid/c.conf"]) {
      mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      writeFileSync(path.join(root, f), "");
    }
    expect((await pyGlob(`${root}/conf.*/*.conf`)).sort()).toEqual([`${root}/conf.d/a.conf`, `${root}/conf.x/b.conf`]);
    expect(await pyGlob(`${root}/conf.d/.*.conf`)).toEqual([`${root}/conf.d/.h.conf`]);
    expect(await pyGlob(`${root}/*/c.conf`)).toEqual([]);
    expect(await pyGlob(`${root}/conf.d/../conf.x/b.conf`)).toEqual([`${root}/conf.d/../conf.x/b.conf`]);
  });
});
