import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSupervisordClient } from "@/lib/connectors/supervisord/client";
import { createSupervisordConnector } from "@/lib/connectors/supervisord/connector";
import { createXmlRpcTransport, type AllowedMethod } from "@/lib/connectors/supervisord/transport";
import { isRespawnError, type RespawnError } from "@/lib/util/errors";
import { expectRespawnError } from "@/test/contract/connector-contract";
import {
  findFreePort,
  programCommand,
  startSupervisord,
  type SupervisordInstance,
} from "@/test/harness/supervisord";

const live = () => new AbortController().signal;
const PASSWORD = "pw-never-shown-42";

async function caught(p: Promise<unknown>): Promise<RespawnError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isRespawnError(e)) throw new Error(`expected a RespawnError, got ${String(e)}`);
  return e;
}

function expectNoSecret(e: RespawnError): void {
  expect(JSON.stringify(e.toJSON())).not.toContain(PASSWORD);
  expect(e.message).not.toContain(PASSWORD);
  expect(String(e.stack)).not.toContain(PASSWORD);
}

describe("supervisord hosts that fail (real supervisord)", () => {
  let sv: SupervisordInstance;

  beforeAll(async () => {
    sv = await startSupervisord({
      programs: [{ name: "healthy", command: programCommand("sleeper.sh") }],
      inet: { username: "admin", password: PASSWORD },
    });
  });
  afterAll(async () => {
    await sv?.stop();
  });

  it("a wrong password is AUTH, told apart from a host that is down, and never echoes the password", async () => {
    const wrong = createSupervisordConnector("h", {
      url: sv.url,
      username: "admin",
      password: "not-it",
    });
    const e = await caught(wrong.listProcesses(live()));
    expect(e.code).toBe("AUTH");
    expect(e.message).toMatch(/credentials refused/);
    const right = createSupervisordConnector("h", {
      url: sv.url,
      username: "admin",
      password: PASSWORD,
    });
    expect((await right.listProcesses(live())).map((p) => p.name)).toEqual(["healthy"]);
  });

  it("takes the password from the environment variable named by passwordEnv", async () => {
    process.env.RESPAWN_TEST_SV_PASSWORD = PASSWORD;
    const c = createSupervisordConnector("h", {
      url: sv.url,
      username: "admin",
      passwordEnv: "RESPAWN_TEST_SV_PASSWORD",
    });
    expect((await c.health(live())).state).toBe("RUNNING");
    delete process.env.RESPAWN_TEST_SV_PASSWORD;
    expect(() =>
      createSupervisordConnector("h", {
        url: sv.url,
        username: "admin",
        passwordEnv: "RESPAWN_TEST_SV_PASSWORD",
      }),
    ).toThrow(/RESPAWN_TEST_SV_PASSWORD.*not set/);
  });

  it("a missing socket is UNREACHABLE naming the reason", async () => {
    const c = createSupervisordConnector("h", { socket: path.join(sv.dir, "nope.sock") });
    const e = await caught(c.listProcesses(live()));
    expect(e.code).toBe("UNREACHABLE");
    expect(e.message).toMatch(/^socket missing \(unix:.*nope\.sock\)$/);
    expect(e.hostId).toBe("h");
  });

  it("a closed port is UNREACHABLE: connection refused", async () => {
    const port = await findFreePort();
    const c = createSupervisordConnector("h", {
      url: `http://127.0.0.1:${port}/RPC2`,
      username: "admin",
      password: PASSWORD,
    });
    const e = await caught(c.health(live()));
    expect(e.code).toBe("UNREACHABLE");
    expect(e.message).toBe(`connection refused (http://127.0.0.1:${port})`);
    expectNoSecret(e);
  });

  it("a supervisord that died is UNREACHABLE, and answers again once restarted", async () => {
    const c = createSupervisordConnector("h", { socket: sv.socketPath });
    await sv.kill("SIGKILL");
    const e = await caught(c.listProcesses(live()));
    expect(e.code).toBe("UNREACHABLE");
    await sv.restart();
    expect((await c.health(live())).state).toBe("RUNNING");
  });
});

type Mode = "hang" | "truncated" | "html500" | "endless" | "huge-length" | "ok";

describe("supervisord transport faults (fault-injecting server)", () => {
  let server: http.Server;
  let url: string;
  let mode: Mode = "ok";
  let requests = 0;
  let written = 0;
  let closed: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests += 1;
      closed = new Promise((r) => res.on("close", () => r()));
      req.resume();
      if (mode === "hang") return;
      if (mode === "truncated") {
        res.writeHead(200, { "Content-Type": "text/xml" });
        res.end(
          "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><struct>",
        );
      } else if (mode === "html500") {
        res.writeHead(500, { "Content-Type": "text/html" });
        res.end(
          "<head><title>Error response</title></head><body><h1>Internal <script>x()</script></h1></body>",
        );
      } else if (mode === "huge-length") {
        res.writeHead(200, {
          "Content-Type": "text/xml",
          "Content-Length": String(600 * 1024 * 1024),
        });
        res.write("<?xml version='1.0'?>");
      } else if (mode === "endless") {
        res.writeHead(200, { "Content-Type": "text/xml" });
        // Valid as far as it goes (the decoder reads as it arrives): only the cap can stop it.
        res.write("<?xml version='1.0'?><methodResponse><params><param><value><array><data>");
        const piece = Buffer.alloc(
          64 * 1024,
          "<value><string>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</string></value>",
        );
        const pump = () => {
          while (!res.destroyed && written < 512 * 1024 * 1024) {
            written += piece.length;
            if (!res.write(piece)) return void res.once("drain", pump);
          }
        };
        pump();
      } else {
        res.writeHead(200, { "Content-Type": "text/xml" });
        res.end(
          "<?xml version='1.0'?><methodResponse><params><param><value><string>4.2.5</string></value></param></params></methodResponse>",
        );
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/RPC2`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const client = (maxResponseBytes = 64 * 1024) =>
    createSupervisordClient(
      { url, username: "admin", password: PASSWORD, timeoutMs: 300, maxResponseBytes },
      "faulty",
    );

  it("a host that hangs is a TIMEOUT at the deadline, and the connection is closed", async () => {
    mode = "hang";
    const e = await caught(client().getSupervisorVersion(live()));
    expect(e.code).toBe("TIMEOUT");
    expect(e.message).toMatch(/no answer within 300 ms/);
    await closed;
  });

  it("an abort from the caller ends a hanging call", async () => {
    mode = "hang";
    const ac = new AbortController();
    const call = client().getSupervisorVersion(ac.signal);
    ac.abort();
    expect((await caught(call)).code).toBe("TIMEOUT");
  });

  it("a truncated XML reply is BAD_RESPONSE", async () => {
    mode = "truncated";
    const e = await caught(client().getAllProcessInfo(live()));
    expect(e.code).toBe("BAD_RESPONSE");
    expect(e.message).toMatch(/malformed reply/);
  });

  it("an HTML 500 page is FAULT with the status, and the HTML is not echoed", async () => {
    mode = "html500";
    const e = await caught(client().getState(live()));
    expect(e.code).toBe("FAULT");
    expect(e.message).toBe("supervisord failed to answer (HTTP 500)");
    expect(JSON.stringify(e.toJSON())).not.toMatch(/script|Error response/);
    expectNoSecret(e);
  });

  it("a reply over the size cap is cut off as soon as the cap is passed", async () => {
    mode = "endless";
    written = 0;
    const e = await caught(client(64 * 1024).getAllProcessInfo(live()));
    expect(e.code).toBe("BAD_RESPONSE");
    expect(e.message).toBe("reply larger than 65536 bytes");
    await closed;
    expect(written).toBeLessThan(512 * 1024 * 1024);
  });

  it("a declared Content-Length over the cap is refused before reading the body", async () => {
    mode = "huge-length";
    const e = await caught(client().getAllProcessInfo(live()));
    expect(e).toMatchObject({ code: "BAD_RESPONSE", message: "reply larger than 65536 bytes" });
  });

  it("only allow-listed methods can be sent: anything else is FORBIDDEN before any I/O", async () => {
    mode = "ok";
    const before = requests;
    const t = createXmlRpcTransport({
      hostId: "faulty",
      url,
      timeoutMs: 300,
      maxResponseBytes: 65536,
    });
    for (const m of [
      "supervisor.shutdown",
      "supervisor.restart",
      "supervisor.addProcessGroup",
      "system.listMethods",
    ]) {
      await expectRespawnError(t.call(m as AllowedMethod, [], live()), "FORBIDDEN");
    }
    const c = client();
    await expectRespawnError(
      c.multicall([{ method: "supervisor.shutdown" as AllowedMethod, params: [] }], live()),
      "FORBIDDEN",
    );
    await expectRespawnError(
      c.multicall([{ method: "system.multicall", params: [] }], live()),
      "FORBIDDEN",
    );
    expect(requests).toBe(before);
    expect(await c.getSupervisorVersion(live())).toBe("4.2.5");
    expect(requests).toBe(before + 1);
  });

  it("a reply of the wrong shape is BAD_RESPONSE naming the method", async () => {
    mode = "ok";
    const e = await caught(client().getAllProcessInfo(live()));
    expect(e.code).toBe("BAD_RESPONSE");
    expect(e.message).toMatch(/unexpected supervisor\.getAllProcessInfo reply/);
  });
});

describe("system.multicall against a real supervisord", () => {
  let sv: SupervisordInstance;
  beforeAll(async () => {
    sv = await startSupervisord({
      programs: [{ name: "a", command: programCommand("sleeper.sh") }],
    });
  });
  afterAll(async () => {
    await sv?.stop();
  });

  it("surfaces a per-item fault beside the other results", async () => {
    const c = createSupervisordClient({ socket: sv.socketPath }, "mc");
    const [state, missing, version] = await c.multicall(
      [
        { method: "supervisor.getState", params: [] },
        { method: "supervisor.getProcessInfo", params: ["nope"] },
        { method: "supervisor.getSupervisorVersion", params: [] },
      ],
      live(),
    );
    expect(state).toEqual({ ok: true, value: { statecode: 1, statename: "RUNNING" } });
    expect(missing?.ok).toBe(false);
    if (missing && !missing.ok)
      expect(missing.fault).toMatchObject({ code: "NOT_FOUND", faultName: "BAD_NAME" });
    expect(version).toEqual({ ok: true, value: "4.2.5" });
  });
});
