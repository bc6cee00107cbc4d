import { describe, expect, it } from "vitest";
import { parseCommand, UsageError } from "./args";

const usageError = (argv: string[]) => {
  try {
    parseCommand(argv);
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error(`no usage error for ${argv.join(" ")}`);
};

describe("respawn command line", () => {
  it("answers --help for every command and group", () => {
    for (const argv of [[], ["--help"], ["user"], ["user", "--help"], ["user", "add", "--help"], ["user", "list", "-h"], ["config", "--help"], ["config", "check", "--help"]]) {
      expect(parseCommand(argv).kind, argv.join(" ")).toBe("help");
    }
  });

  it("gives every user command's usage line with --data-dir", () => {
    const help = parseCommand(["user", "--help"]);
    expect(help.kind === "help" && help.text).toMatch(/user add .*--data-dir DIR\] NAME/);
    for (const sub of ["set-password", "disable", "enable", "list"]) {
      expect(help.kind === "help" && help.text).toContain(`respawn user ${sub} [`);
    }
  });

  it("reads a full user add", () => {
    expect(parseCommand(["user", "add", "--role", "operator", "--hosts", "web-1, db-1", "--generate", "--data-dir", "/d", "alice"])).toEqual({
      kind: "user-add",
      name: "alice",
      role: "operator",
      hosts: ["web-1", "db-1"],
      generate: true,
      dataDir: "/d",
    });
    expect(parseCommand(["user", "add", "bob"])).toMatchObject({ role: "viewer", hosts: null, generate: false });
  });

  it("refuses wrong command lines with the command's usage", () => {
    expect(usageError(["user", "add"]).message).toBe("missing NAME");
    expect(usageError(["user", "add", "--role", "root", "a"]).message).toMatch(/--role must be one of viewer, operator, admin/);
    expect(usageError(["user", "add", "--hosts", ",", "a"]).message).toMatch(/--hosts/);
    expect(usageError(["user", "disable", "--generate", "a"]).usage).toContain("respawn user disable");
    expect(usageError(["user", "list", "extra"]).message).toBe("unexpected 'extra'");
    expect(usageError(["user", "enable", "a", "b"]).message).toBe("unexpected 'b'");
    expect(usageError(["user", "remove", "a"]).message).toBe("unknown command 'user remove'");
    expect(usageError(["add-user", "a"]).message).toBe("unknown command 'add-user'");
    expect(usageError(["config", "check"]).usage).toBe("respawn config check FILE");
    expect(usageError(["user", "list", "--data-dir="]).message).toMatch(/--data-dir/);
  });
});
