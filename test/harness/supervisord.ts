/**
 * Starts a real supervisord for tests: its own config, socket and logs in a fresh temp folder,
 * run in the foreground (`-n`) so the test owns the process and nothing outlives it.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { appendFile, mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const PROGRAMS_DIR = fileURLToPath(new URL("../fixtures/programs", import.meta.url));

/** A script of test/fixtures/programs with its arguments, ready for `command=`. */
export function programCommand(script: string, ...args: Array<string | number>): string {
  return [path.join(PROGRAMS_DIR, script), ...args.map(String)].join(" ");
}

export interface ProgramSpec {
  name: string;
  command: string;
  autostart?: boolean;
  autorestart?: boolean | "unexpected";
  startsecs?: number;
  startretries?: number;
  exitcodes?: number[];
  stopwaitsecs?: number;
  redirectStderr?: boolean;
  /** Per-program log size limit (falls back to the instance's logMaxBytes). */
  logMaxBytes?: number;
  /** Any other supervisord program option, written as is. */
  extra?: Record<string, string | number | boolean>;
}

export interface StartSupervisordOptions {
  programs: ProgramSpec[];
  groups?: Array<{ name: string; programs: string[] }>;
  /** Also serve XML-RPC on 127.0.0.1:<free port> with basic auth. */
  inet?: { username: string; password: string };
  /** stdout/stderr logfile_maxbytes of every program (default 1MB). */
  logMaxBytes?: number;
  /** Whole sections written as is (e.g. an `[eventlistener:x]`), each starting with its header. */
  extraSections?: string[];
}

export interface SupervisordInstance {
  dir: string;
  confPath: string;
  socketPath: string;
  /** http://127.0.0.1:PORT/RPC2 when inet was asked for. */
  url?: string;
  pid: number;
  /** Path of a program's log file. */
  logPath(program: string, stream: "stdout" | "stderr"): string;
  /** Stops supervisord and its programs, then removes the folder. */
  stop(): Promise<void>;
  /** Sends a signal to supervisord and waits for it to exit (programs it leaves are killed). */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Starts supervisord again on the same config (stopping it first if it runs). */
  restart(): Promise<void>;
  /**
   * Appends sections to the running instance's config and applies them (`supervisorctl update`):
   * for sections that need something known only later, like the dashboard's URL.
   */
  addSections(sections: string[]): Promise<void>;
}

const live = new Set<ChildProcess>();
// SIGTERM: supervisord then stops its programs by itself, even after this process is gone.
process.once("exit", () => live.forEach((c) => c.kill("SIGTERM")));

function boolWord(v: boolean | string | number): string {
  return String(v);
}

function programSection(p: ProgramSpec, dir: string, defaultMax: number): string {
  const max = p.logMaxBytes ?? defaultMax;
  const lines = [
    `[program:${p.name}]`,
    `command=${p.command}`,
    `autostart=${p.autostart ?? true}`,
    `autorestart=${boolWord(p.autorestart ?? "unexpected")}`,
    `startsecs=${p.startsecs ?? 1}`,
    `startretries=${p.startretries ?? 3}`,
    `exitcodes=${(p.exitcodes ?? [0]).join(",")}`,
    `stopwaitsecs=${p.stopwaitsecs ?? 3}`,
    `stdout_logfile=${path.join(dir, "logs", `${p.name}.out.log`)}`,
    `stderr_logfile=${path.join(dir, "logs", `${p.name}.err.log`)}`,
    `stdout_logfile_maxbytes=${max}`,
    `stderr_logfile_maxbytes=${max}`,
    `stdout_logfile_backups=1`,
    `stderr_logfile_backups=1`,
    `redirect_stderr=${p.redirectStderr ?? false}`,
    ...Object.entries(p.extra ?? {}).map(([k, v]) => `${k}=${boolWord(v)}`),
  ];
  return lines.join("\n");
}

function renderConf(
  o: StartSupervisordOptions,
  dir: string,
  socketPath: string,
  port?: number,
): string {
  const parts = [
    `[unix_http_server]\nfile=${socketPath}\nchmod=0700`,
    `[supervisord]\nnodaemon=true\nlogfile=${path.join(dir, "supervisord.log")}\npidfile=${path.join(dir, "supervisord.pid")}\nchildlogdir=${path.join(dir, "logs")}\nloglevel=info`,
    `[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface`,
  ];
  if (o.inet && port) {
    parts.push(
      `[inet_http_server]\nport=127.0.0.1:${port}\nusername=${o.inet.username}\npassword=${o.inet.password}`,
    );
  }
  parts.push(...o.programs.map((p) => programSection(p, dir, o.logMaxBytes ?? 1024 * 1024)));
  for (const g of o.groups ?? []) parts.push(`[group:${g.name}]\nprograms=${g.programs.join(",")}`);
  parts.push(...(o.extraSections ?? []));
  return parts.join("\n\n") + "\n";
}

/** A TCP port free on 127.0.0.1 right now. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port")),
      );
    });
  });
}

/** One raw XML-RPC call over the unix socket; resolves with the body, rejects on any failure. */
export function rawCall(socketPath: string, method: string): Promise<string> {
  const body = `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params></params></methodCall>`;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        socketPath,
        path: "/RPC2",
        method: "POST",
        headers: { "Content-Type": "text/xml" },
        agent: false,
      },
      (res) => {
        let data = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (data += d));
        res.on("end", () =>
          res.statusCode === 200 ? resolve(data) : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.setTimeout(2000, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

async function waitReady(
  socketPath: string,
  child: ChildProcess,
  log: () => string,
): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`supervisord exited while starting: ${log()}`);
    }
    try {
      if ((await rawCall(socketPath, "supervisor.getState")).includes("RUNNING")) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`supervisord did not answer on ${socketPath}: ${log()}`);
}

function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function programPids(socketPath: string): Promise<number[]> {
  const xml = await rawCall(socketPath, "supervisor.getAllProcessInfo").catch(() => "");
  return [...xml.matchAll(/<name>pid<\/name><value><int>(\d+)<\/int>/g)]
    .map((m) => Number(m[1]))
    .filter((p) => p > 0);
}

function killPids(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Starts a supervisord with the given programs and waits until its socket answers. */
export async function startSupervisord(
  options: StartSupervisordOptions,
): Promise<SupervisordInstance> {
  const dir = await mkdtemp(path.join(tmpdir(), "respawn-sv-"));
  await mkdir(path.join(dir, "logs"));
  const socketPath = path.join(dir, "supervisor.sock");
  const port = options.inet ? await findFreePort() : undefined;
  const confPath = path.join(dir, "supervisord.conf");
  await writeFile(confPath, renderConf(options, dir, socketPath, port));

  let child: ChildProcess;
  let output = "";
  const launch = async () => {
    output = "";
    child = spawn("supervisord", ["-n", "-c", confPath], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    live.add(child);
    child.once("exit", () => live.delete(child));
    const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4000));
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    await waitReady(socketPath, child, () => output);
    instance.pid = child.pid ?? 0;
  };
  const terminate = async (signal: NodeJS.Signals) => {
    const pids = await programPids(socketPath);
    child.kill(signal);
    const hard = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await waitExit(child);
    clearTimeout(hard);
    killPids(pids);
  };

  const instance: SupervisordInstance = {
    dir,
    confPath,
    socketPath,
    url: port ? `http://127.0.0.1:${port}/RPC2` : undefined,
    pid: 0,
    logPath: (program, stream) =>
      path.join(dir, "logs", `${program}.${stream === "stdout" ? "out" : "err"}.log`),
    async stop() {
      await terminate("SIGTERM");
      await rm(dir, { recursive: true, force: true });
    },
    kill: (signal) => terminate(signal),
    async restart() {
      if (child.exitCode === null && child.signalCode === null) await terminate("SIGTERM");
      await launch();
    },
    async addSections(sections) {
      await appendFile(confPath, `\n${sections.join("\n\n")}\n`);
      await promisify(execFile)("supervisorctl", ["-s", `unix://${socketPath}`, "update"]);
    },
  };
  await launch();
  return instance;
}
