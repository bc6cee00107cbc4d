import { describe, expect, it } from "vitest";
import { parseMainLogExits } from "./main-log";

// Lines as supervisord 4.2.5 writes them (supervisor/process.py), recorded from a real instance.
const LOG = `2026-12-08 01:20:00,101 INFO spawned: 'api' with pid 4242
2026-12-08 01:20:01,102 INFO success: api entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)
2026-12-08 01:20:05,250 WARN exited: api (terminated by SIGABRT (core dumped); not expected)
2026-12-08 01:20:06,300 INFO spawned: 'api' with pid 4250
2026-12-08 01:20:06,310 WARN exited: api (exit status 1; not expected)
2026-12-08 01:20:07,000 INFO spawned: 'job' with pid 4300
2026-12-08 01:20:08,000 INFO exited: job (exit status 0; expected)
2026-12-08 01:20:09,000 INFO spawned: 'web' with pid 4400
2026-12-08 01:20:10,000 INFO waiting for web to stop
2026-12-08 01:20:10,050 WARN stopped: web (terminated by SIGTERM)
2026-12-08 01:20:11,000 INFO gave up: api entered FATAL state, too many start retries too quickly
`;

describe("supervisord main log exits", () => {
  it("reads the exit status or signal of every exit, with the pid of its spawn", () => {
    const exits = parseMainLogExits(LOG);
    expect(exits.map(({ name, pid, exitStatus, signal, expected }) => ({ name, pid, exitStatus, signal, expected }))).toEqual([
      { name: "api", pid: 4242, exitStatus: null, signal: "SIGABRT", expected: false },
      { name: "api", pid: 4250, exitStatus: 1, signal: null, expected: false },
      { name: "job", pid: 4300, exitStatus: 0, signal: null, expected: true },
      { name: "web", pid: 4400, exitStatus: null, signal: "SIGTERM", expected: null },
    ]);
    expect(new Date(exits[0]?.at ?? 0).getMilliseconds()).toBe(250);
  });

  it("skips lines it does not know, a cut first line and names with spaces stay whole", () => {
    const exits = parseMainLogExits(`us: api (exit status 3; not expected)\n2026-12-08 01:20:06,310 WARN exited: my prog (exit status 2; not expected)\nnoise\n`);
    expect(exits).toEqual([expect.objectContaining({ name: "my prog", exitStatus: 2, pid: null })]);
  });
});
