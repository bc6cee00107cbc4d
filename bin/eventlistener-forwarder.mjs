/**
 * Delivers events to the dashboard in order, one POST at a time, from a bounded queue.
 * Failed deliveries are retried with backoff; when the queue is full the oldest events go and
 * the next delivery tells the dashboard how many (its counts then stop claiming to be exact).
 */
const BATCH = 200;
const MAX_BACKOFF_MS = 30_000;

export function createForwarder(options) {
  const { endpoint, token, timeoutMs, maxQueue, instance } = options;
  const post = options.fetch || fetch;
  const log = options.log || ((line) => process.stderr.write(`respawn-eventlistener: ${line}\n`));
  const now = options.now || Date.now;
  // Since when this run has listened: with nothing dropped, it has seen every event since then.
  const startedAt = now();
  const queue = [];
  let dropped = 0; // not yet reported to the dashboard
  let droppedTotal = 0;
  let heartbeat = false;
  let sending = false;
  let failures = 0;
  let timer = null;

  function enqueue(event) {
    queue.push(event);
    if (queue.length > maxQueue) {
      queue.shift();
      dropped += 1;
      droppedTotal += 1;
      if (droppedTotal === 1 || droppedTotal % 100 === 0) log(`queue full: ${droppedTotal} events dropped so far`);
    }
    kick();
  }

  function beat() {
    heartbeat = true;
    kick();
  }

  function kick() {
    if (!sending && !timer) void send();
  }

  async function send() {
    if (queue.length === 0 && !heartbeat && dropped === 0) return;
    sending = true;
    const events = queue.slice(0, BATCH);
    const reported = dropped;
    const body = {
      listener: { instance, dropped: reported, upMs: Math.max(0, now() - startedAt) },
      events: events.map(({ receivedAt, ...e }) => ({ ...e, ageMs: Math.max(0, now() - receivedAt) })),
    };
    const status = await deliver(body);
    sending = false;
    if (status === "ok" || status === "refused") {
      // The queue may have lost some of this batch from its front while it was in flight.
      const sent = new Set(events);
      let removed = 0;
      while (queue.length && sent.has(queue[0])) {
        queue.shift();
        removed += 1;
      }
      if (status === "refused") {
        dropped += removed;
        droppedTotal += removed;
      }
      dropped -= reported;
      heartbeat = false;
      failures = 0;
      kick();
    } else {
      failures += 1;
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(failures - 1, 6));
      timer = setTimeout(() => {
        timer = null;
        kick();
      }, delay);
    }
  }

  /** "ok", "refused" (the dashboard will never take this batch: 400/413), or "retry". */
  async function deliver(body) {
    try {
      const res = await post(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return "ok";
      if (res.status === 400 || res.status === 413) {
        log(`dashboard refused ${body.events.length} events (HTTP ${res.status}); dropped`);
        return "refused";
      }
      if (failures === 0) log(`delivery failed: HTTP ${res.status}; will retry`);
      return "retry";
    } catch (e) {
      if (failures === 0) log(`delivery failed: ${e && e.name === "TimeoutError" ? "timeout" : (e && e.message) || e}; will retry`);
      return "retry";
    }
  }

  /** Waits (bounded) until the queue is delivered: used when supervisord closes our stdin. */
  async function drain(deadlineMs) {
    const end = now() + deadlineMs;
    while ((queue.length || sending) && now() < end) await new Promise((r) => setTimeout(r, 50));
    return queue.length;
  }

  return {
    enqueue,
    beat,
    drain,
    get pending() {
      return queue.length;
    },
    get droppedTotal() {
      return droppedTotal;
    },
  };
}
