import { describe, expect, it } from "vitest";
import type { PolicyChange } from "@/lib/connectors/policy";
import { configFromCmdline } from "../config-locate";
import { editSection, replaceValue } from "./config-edit";
import { emptyStore, readIniText } from "./py-ini";

function edit(files: Record<string, string>, section: string, change: PolicyChange): Record<string, string> {
  const store = emptyStore();
  for (const [f, text] of Object.entries(files)) readIniText(store, f, text);
  const out = { ...files };
  for (const e of editSection(store, section, change)) out[e.file] = e.after;
  return out;
}

const CONF = [
  "; main config",
  "[program:web]",
  "command=/usr/bin/web --port 80   ; inline comment stays",
  "startretries = 3 ; three tries",
  "exitcodes=0,",
  "",
  "   ; a comment inside the value",
  "   2",
  "stdout_logfile=/var/log/web.log",
  "# a comment inside the section",
  "",
  "[program:other]",
  "startretries=9",
  "",
].join("\n");

describe("supervisord section edits touch only what they change", () => {
  it("replaces a value in place: key, spacing and inline comment kept; continuation lines dropped, comments kept", () => {
    const out = edit({ a: CONF }, "program:web", { startretries: 5, exitcodes: [0, 3] }).a;
    expect(out).toBe(CONF.replace("startretries = 3 ; three tries", "startretries = 5 ; three tries").replace("exitcodes=0,\n\n   ; a comment inside the value\n   2\n", "exitcodes=0,3\n\n   ; a comment inside the value\n"));
  });

  it("keeps CRLF, a lone CR and a last line without a line end", () => {
    const crlf = "[program:a]\r\ncommand=x\r\nstartsecs=0\r\n";
    expect(edit({ a: crlf }, "program:a", { startsecs: 5, autorestart: "true" }).a).toBe("[program:a]\r\ncommand=x\r\nstartsecs=5\r\nautorestart=true\r\n");
    const mixed = "[program:a]\ncommand=x\rstartsecs=0";
    expect(edit({ a: mixed }, "program:a", { autostart: false }).a).toBe("[program:a]\ncommand=x\rstartsecs=0\nautostart=false");
  });

  it("adds a key after the section's last option, indented like it, in the section's last occurrence", () => {
    const a = "[program:a]\n  command=x\n\n[program:b]\ncommand=y\n";
    const b = "[program:a]\n  startsecs=2\n; end\n";
    const out = edit({ a, b }, "program:a", { startretries: 1 });
    expect(out).toEqual({ a, b: "[program:a]\n  startsecs=2\n  startretries=1\n; end\n" });
  });

  it("removes every line that sets the key in the section, in every file, for null", () => {
    const a = "[program:a]\ncommand=x\nstartsecs=0\nstartsecs=5\n";
    const b = "[program:a]\nstartsecs = 7 ; later\n[program:b]\nstartsecs=1\n";
    expect(edit({ a, b }, "program:a", { startsecs: null })).toEqual({ a: "[program:a]\ncommand=x\n", b: "[program:a]\n[program:b]\nstartsecs=1\n" });
  });

  it("edits the line that wins, not an earlier one it overrides", () => {
    const a = "[program:a]\ncommand=x\nstartsecs=0\n";
    const b = "[program:a]\nstartsecs=3\n";
    expect(edit({ a, b }, "program:a", { startsecs: 9 })).toEqual({ a, b: "[program:a]\nstartsecs=9\n" });
  });

  it("gives back the original bytes when the old value is set again", () => {
    const text = "[program:a]\r\ncommand=x\r\nstartsecs = 1   ; keep\r\nautostart=true\r\n";
    const changed = edit({ a: text }, "program:a", { startsecs: 5, autorestart: "false" }).a ?? "";
    expect(edit({ a: changed }, "program:a", { startsecs: 1, autorestart: null }).a).toBe(text);
  });

  it("replaces an empty value and a `key: value` line", () => {
    expect(replaceValue("startsecs=", "3")).toBe("startsecs=3");
    expect(replaceValue("  startsecs :  1\t# note", "3")).toBe("  startsecs :  3\t# note");
  });

  it("finds the config path on supervisord's command line", () => {
    expect(configFromCmdline(["/usr/bin/python3", "/usr/bin/supervisord", "-n", "-c", "/etc/s.conf"])).toBe("/etc/s.conf");
    expect(configFromCmdline(["supervisord", "--configuration=/x.conf"])).toBe("/x.conf");
    expect(configFromCmdline(["supervisord", "-c/y.conf"])).toBe("/y.conf");
    expect(configFromCmdline(["supervisord", "-n"])).toBeNull();
  });
});
