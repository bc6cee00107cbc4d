// Completes .next/standalone (after `next build`) into the folder deploy/ installs as /opt/respawn:
// the server and its traced node_modules, plus what Next leaves out (the static assets), the
// `respawn` command (self-contained: the traced node_modules have no yaml or zod), the deploy
// files, docs, the example configuration and the licence.
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = path.join(root, ".next", "standalone");
if (!existsSync(path.join(out, "server.js"))) throw new Error(`${out}/server.js missing: run \`next build\` first`);

rmSync(path.join(out, ".next", "static"), { recursive: true, force: true });
cpSync(path.join(root, ".next", "static"), path.join(out, ".next", "static"), { recursive: true });
if (existsSync(path.join(root, "public"))) cpSync(path.join(root, "public"), path.join(out, "public"), { recursive: true });
for (const item of ["deploy", "docs", "respawn.example.yaml", "LICENSE", "README.md", "CHANGELOG.md"]) {
  if (existsSync(path.join(root, item))) cpSync(path.join(root, item), path.join(out, item), { recursive: true });
}
execFileSync(process.execPath, [path.join(root, "scripts", "build-cli.mjs"), "--self-contained", path.join(out, "bin", "respawn.mjs")], { stdio: "inherit" });
chmodSync(path.join(out, "bin", "respawn.mjs"), 0o755);
console.log(`standalone deploy ready: ${out}`);
