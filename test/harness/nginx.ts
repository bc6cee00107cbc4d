/**
 * A real nginx (Debian's package) as the reverse proxy in front of the dashboard, serving it at a
 * sub-path the way docs/OPERATIONS.md shows, on a free loopback port in a temporary folder.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "./supervisord";

export interface NginxInstance {
  /** http://127.0.0.1:PORT (the proxy's origin). */
  origin: string;
  /** nginx's access log so far: one line per request it proxied. */
  accessLog(): Promise<string>;
  stop(): Promise<void>;
}

/** The server block of docs/OPERATIONS.md, with the upstream on loopback. */
export function subPathLocation(prefix: string, upstreamPort: number): string {
  return `
    location ${prefix} {
      proxy_pass http://127.0.0.1:${upstreamPort};
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_read_timeout 1h;
    }`;
}

export async function startNginx(prefix: string, upstreamPort: number): Promise<NginxInstance> {
  const dir = await mkdtemp(path.join(tmpdir(), "respawn-nginx-"));
  const port = await findFreePort();
  const conf = `
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 512; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    ${subPathLocation(prefix, upstreamPort)}
    location / { return 404 "not Respawn\\n"; }
  }
}
`;
  await writeFile(path.join(dir, "nginx.conf"), conf);
  const child: ChildProcess = spawn("/usr/sbin/nginx", ["-e", path.join(dir, "error.log"), "-p", dir, "-c", path.join(dir, "nginx.conf")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const end = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${out}`);
    if (await fetch(`${origin}/`).then(() => true, () => false)) break;
    if (Date.now() > end) throw new Error(`nginx did not answer on ${origin}: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin,
    accessLog: () => readFile(path.join(dir, "access.log"), "utf8").catch(() => ""),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
