import { describe, expect, it } from "vitest";
import { editSection, readSectionValues } from "./config-file";
import { configFromCmdline } from "./config-locate";

const CONF = `; main config
[supervisord]
logfile=/tmp/s.log

[program:web]
command=/usr/bin/web --port 80   ; inline comment stays
startretries = 3 ; three tries
exitcodes=0,
   2
stdout_logfile=/var/log/web.log
# a comment inside the section

[program:other]
startretries=9
`;

describe("supervisord config section edits", () => {
  it("changes only the keys asked for, in place, keeping every other line and comment", () => {
    const out = editSection(CONF, "web", { startretries: 5, exitcodes: [0, 3], autorestart: "true" });
    expect(out).toBe(
      CONF.replace("startretries = 3 ; three tries", "startretries=5")
        .replace("exitcodes=0,\n   2", "exitcodes=0,3")
        .replace("stdout_logfile=/var/log/web.log", "stdout_logfile=/var/log/web.log\nautorestart=true"),
    );
    expect(out).toContain("[program:other]\nstartretries=9");
  });

  it("removes a key for null, and a later duplicate along with it", () => {
    const text = "[program:a]\ncommand=x\nstartsecs=0\nstartsecs=5\n";
    expect(editSection(text, "a", { startsecs: null })).toBe("[program:a]\ncommand=x\n");
    expect(editSection(text, "a", { startsecs: 1 })).toBe("[program:a]\ncommand=x\nstartsecs=1\n");
  });

  it("reads the typed values a section sets, leaving out what the form cannot hold", () => {
    const { owned, lines } = readSectionValues(CONF, "web");
    expect(owned.startretries).toBe(3);
    expect(owned.exitcodes).toEqual([0, 2]);
    expect(owned.autorestart).toBeNull();
    expect("stdout_logfile" in owned).toBe(false);
    expect(lines.startretries).toBe(7);
  });

  it("reads sizes, booleans and signals the way supervisord does", () => {
    const { owned } = readSectionValues(
      "[program:a]\nstdout_logfile_maxbytes=50MB\nstopasgroup=yes\nstopsignal=SIGINT\nautorestart=Unexpected\nstdout_logfile=NONE\n",
      "a",
    );
    expect(owned).toMatchObject({ stdout_logfile_maxbytes: 50 * 1024 * 1024, stopasgroup: true, stopsignal: "INT", autorestart: "unexpected" });
  });

  it("refuses a program it cannot find rather than writing elsewhere", () => {
    expect(() => editSection(CONF, "nope", { startsecs: 1 })).toThrow(/no \[program:nope\]/);
  });

  it("finds the config path on supervisord's command line", () => {
    expect(configFromCmdline(["/usr/bin/python3", "/usr/bin/supervisord", "-n", "-c", "/etc/s.conf"])).toBe("/etc/s.conf");
    expect(configFromCmdline(["supervisord", "--configuration=/x.conf"])).toBe("/x.conf");
    expect(configFromCmdline(["supervisord", "-c/y.conf"])).toBe("/y.conf");
    expect(configFromCmdline(["supervisord", "-n"])).toBeNull();
  });
});
