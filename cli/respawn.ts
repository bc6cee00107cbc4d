// Entry point of bin/respawn.mjs.
import { main } from "./main";

main(process.argv.slice(2), {
  stdin: process.stdin,
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`respawn: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
