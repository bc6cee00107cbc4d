import { createForwarder } from "./eventlistener-forwarder.mjs";
import { ACK, createProtocolParser, newInstanceId, readConfig, toRespawnEvent } from "./eventlistener-protocol.mjs";

function log(line) {
  process.stderr.write(`respawn-eventlistener: ${line}\n`);
}

/** Runs the listener on this process's stdin/stdout until supervisord closes stdin. */
export function main() {
  let config;
  try {
    config = readConfig(process.env);
  } catch (e) {
    log(`cannot start: ${e.message}`);
    process.exit(2);
  }
  const forwarder = createForwarder({ ...config, instance: newInstanceId(), log });
  const parser = createProtocolParser((header, payload) => {
    const event = toRespawnEvent(header, payload, Date.now());
    if (event === "tick") forwarder.beat();
    else if (event) forwarder.enqueue(event);
    process.stdout.write(`${ACK}READY\n`);
  });
  process.stdin.on("data", (chunk) => {
    try {
      parser.push(chunk);
    } catch (e) {
      log(`protocol error: ${e.message}; exiting so supervisord restarts me`);
      process.exit(1);
    }
  });
  process.stdin.on("end", async () => {
    const left = await forwarder.drain(3000);
    if (left || forwarder.droppedTotal) log(`exiting: ${left} undelivered, ${forwarder.droppedTotal} dropped`);
    process.exit(0);
  });
  forwarder.beat(); // coverage starts now, not at the first tick
  process.stdout.write("READY\n");
}
