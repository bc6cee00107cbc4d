import { describe, expect, it } from "vitest";
import { isRespawnError } from "@/lib/util/errors";
import { buildSshArgs, classifySshFailure, quoteForShell } from "./ssh";

const target = { host: "web-1.example", user: "ops", port: 2222, keyFile: "/k/id", knownHostsFile: "/k/known" };

describe("ssh command", () => {
  it("builds an argument array with host-key checking on and the remote command last", () => {
    const args = buildSshArgs(target, ["systemd-stdio-bridge", "--bus-path=unix:path=/run/user/1000/bus"]);
    expect(args).toEqual(expect.arrayContaining(["BatchMode=yes", "StrictHostKeyChecking=yes", "UserKnownHostsFile=/k/known"]));
    expect(args.slice(-3)).toEqual(["--", "web-1.example", "systemd-stdio-bridge --bus-path=unix:path=/run/user/1000/bus"]);
    expect(args[args.indexOf("-i") + 1]).toBe("/k/id");
    expect(args[args.indexOf("-p") + 1]).toBe("2222");
    expect(args[args.indexOf("-l") + 1]).toBe("ops");
  });

  it("quotes every remote argument so the remote shell sees it as one word", () => {
    expect(quoteForShell("_SYSTEMD_UNIT=a.service")).toBe("_SYSTEMD_UNIT=a.service");
    expect(quoteForShell("+")).toBe("+");
    expect(quoteForShell("a b")).toBe("'a b'");
    expect(quoteForShell("x'; rm -rf /; '")).toBe(`'x'\\''; rm -rf /; '\\'''`);
    expect(quoteForShell("--after-cursor=s=1;i=2")).toBe("'--after-cursor=s=1;i=2'");
    expect(quoteForShell("$(id)")).toBe("'$(id)'");
  });

  it("refuses a host or user that ssh could read as an option", () => {
    for (const bad of [{ ...target, host: "-oProxyCommand=x" }, { ...target, user: "-x" }, { ...target, host: "a/b" }]) {
      let err: unknown;
      try {
        buildSshArgs(bad, ["true"]);
      } catch (e) {
        err = e;
      }
      expect(isRespawnError(err) && err.code).toBe("INVALID");
    }
  });

  it("explains ssh failures by their stderr", () => {
    const key = classifySshFailure("h", "web-1", 255, "ops@web-1: Permission denied (publickey).\n");
    expect(key).toMatchObject({ code: "AUTH", message: "ssh to web-1: the SSH key was refused (Permission denied)", hostId: "h" });
    const hostKey = classifySshFailure("h", "web-1", 255, "@@@ WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! @@@\nHost key verification failed.\n");
    expect(hostKey.code).toBe("AUTH");
    expect(hostKey.message).toMatch(/host key/);
    expect(classifySshFailure("h", "web-1", 255, "ssh: connect to host web-1 port 22: Connection refused").code).toBe("UNREACHABLE");
    expect(classifySshFailure("h", "web-1", 127, "bash: systemd-stdio-bridge: command not found").message).toMatch(/not installed/);
    expect(classifySshFailure("h", "web-1", 1, "Failed to connect to bus: No such file or directory").message).toBe(
      "ssh to web-1: the remote D-Bus does not answer",
    );
    expect(classifySshFailure("h", "web-1", 1, "").message).toBe("ssh to web-1: ssh exited with code 1");
  });
});
