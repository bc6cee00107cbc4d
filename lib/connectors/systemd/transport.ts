import { spawn } from "node:child_process";
import { createConnection } from "node:net";
import { Duplex } from "node:stream";
import type { SystemdEndpoint } from "@/lib/config/schema";
import { RespawnError } from "@/lib/util/errors";
import { childEnv, programPath } from "@/lib/util/programs";
import { buildSshArgs, classifySshFailure } from "./ssh";

export const SYSTEM_BUS_ADDRESS = "unix:path=/run/dbus/system_bus_socket";

/** A byte stream to a D-Bus peer, and the reason it died once it does. */
export interface Transport {
  stream: Duplex;
  /** Resolves once the stream is gone, with the error that explains why. */
  closed: Promise<RespawnError>;
  /** Ends the stream and any child process; safe to call twice. */
  dispose(): void;
}

/** Opens the byte stream the endpoint describes: a unix socket, or `ssh … systemd-stdio-bridge`. */
export function openTransport(hostId: string, endpoint: SystemdEndpoint): Transport {
  if (endpoint.bus === "ssh") return openSshTransport(hostId, endpoint);
  const address = endpoint.busAddress ?? (endpoint.bus === "user" ? userBusAddress() : SYSTEM_BUS_ADDRESS);
  return openSocketTransport(hostId, parseUnixAddress(address));
}

/** The user bus of the user Respawn runs as, where `systemctl --user` finds it. */
export function userBusAddress(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.() ?? 0): string {
  const runtime = env.XDG_RUNTIME_DIR || `/run/user/${uid}`;
  return `unix:path=${runtime}/bus`;
}

/** Reads the socket path out of a `unix:path=…` or `unix:abstract=…` D-Bus address. */
export function parseUnixAddress(address: string): string {
  const first = address.split(";")[0] ?? "";
  const params = new Map(
    first
      .replace(/^unix:/, "")
      .split(",")
      .map((kv) => {
        const i = kv.indexOf("=");
        return [kv.slice(0, i), decodeURIComponent(kv.slice(i + 1))] as const;
      }),
  );
  const path = params.get("path");
  if (path) return path;
  const abstract = params.get("abstract");
  if (abstract) return `\0${abstract}`;
  throw new RespawnError("INVALID", `unsupported D-Bus address "${address}": give unix:path=…`);
}

function openSocketTransport(hostId: string, path: string): Transport {
  const socket = createConnection({ path });
  let lastError: Error | null = null;
  socket.on("error", (e) => {
    lastError = e;
  });
  const closed = new Promise<RespawnError>((resolve) => {
    socket.once("close", () => {
      const why = lastError ? lastError.message : "the bus closed the connection";
      resolve(new RespawnError("UNREACHABLE", `D-Bus at ${path.replace(/\0/g, "@")}: ${why}`, { hostId }));
    });
  });
  return { stream: socket, closed, dispose: () => socket.destroy() };
}

function openSshTransport(hostId: string, endpoint: SystemdEndpoint): Transport {
  const target = endpoint.ssh;
  if (!target) throw new RespawnError("INVALID", "bus: ssh needs an ssh section", { hostId });
  const remote = ["systemd-stdio-bridge", ...(endpoint.busAddress ? [`--bus-path=${endpoint.busAddress}`] : [])];
  const child = spawn(programPath("ssh", hostId), buildSshArgs(target, remote), { stdio: ["pipe", "pipe", "pipe"], env: childEnv() });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d: string) => {
    if (stderr.length < 8192) stderr += d;
  });
  const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
  // Errors surface through `closed`; without listeners an EPIPE would be thrown.
  stream.on("error", () => undefined);
  child.stdin.on("error", () => undefined);
  const closed = new Promise<RespawnError>((resolve) => {
    child.once("error", (e) => resolve(classifySshFailure(hostId, target.host, null, e.message)));
    child.once("close", (code) => resolve(classifySshFailure(hostId, target.host, code, stderr)));
  });
  return {
    stream,
    closed,
    dispose: () => {
      stream.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    },
  };
}
