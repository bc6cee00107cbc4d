import { describe, expect, it } from "vitest";
import { parseConfigText } from "./load";

describe("configuration", () => {
  it("accepts hosts with a socket, an http URL with passwordEnv, and a systemd user bus", () => {
    const c = parseConfigText(
      [
        "hosts:",
        "  - id: web-1",
        "    supervisord: { socket: /run/supervisor.sock }",
        "  - id: api",
        "    name: API",
        "    supervisord:",
        "      url: http://127.0.0.1:9001/RPC2",
        "      username: admin",
        "      passwordEnv: API_SUPERVISOR_PASSWORD",
        "    systemd: { bus: user, busAddress: 'unix:path=/run/user/0/bus' }",
      ].join("\n"),
      "respawn.yaml",
    );
    expect(c.hosts).toHaveLength(2);
    expect(c.hosts[0]?.supervisord?.timeoutMs).toBe(5000);
    expect(c.hosts[1]?.systemd?.units).toEqual(["*.service"]);
    expect(c.pollIntervalMs).toBe(1000);
  });

  it("names the file, the line and the field of a bad value", () => {
    const text = ["pollIntervalMs: 1000", "hosts:", "  - id: web-1", "    supervisord:", "      socket: relative.sock"].join("\n");
    expect(() => parseConfigText(text, "/etc/respawn/config.yaml")).toThrow(
      "/etc/respawn/config.yaml:5: hosts.0.supervisord.socket: must be an absolute path",
    );
  });

  it("refuses unknown fields, duplicate ids and credentials inside URLs", () => {
    const text = [
      "hosts:",
      "  - id: a",
      "    supervisord: { url: 'http://u:p@h:9001/RPC2' }",
      "  - id: a",
      "    supervisord: { socket: /s }",
      "    colour: red",
    ].join("\n");
    let message = "";
    try {
      parseConfigText(text, "c.yaml");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("c.yaml:3: hosts.0.supervisord.url: put credentials in username/password(Env)");
    expect(message).toMatch(/c\.yaml:4: hosts(\.1)?: .*colour/);
  });

  it("reports YAML syntax errors with their line", () => {
    expect(() => parseConfigText("hosts:\n  - id: a\n   bad: [", "x.yaml")).toThrow(/^x\.yaml:\d+: /);
  });
});
