import { afterEach, describe, expect, it } from "vitest";
import { closeAllStreams, countOpenStreams, sseResponse } from "./sse";
import { configureStreamLimits, heldStreamSlots } from "./stream-limits";

const g = globalThis as { __respawnStreams?: unknown; __respawnStreamLimits?: unknown };

function request(path = "/api/events", from = "10.0.0.1"): { req: Request; abort: () => void } {
  const ac = new AbortController();
  const req = new Request(`http://x${path}`, { signal: ac.signal, headers: { "x-forwarded-for": from } });
  return { req, abort: () => ac.abort() };
}

async function readAll(res: Response): Promise<string> {
  return new Response(res.body).text();
}

afterEach(() => {
  delete g.__respawnStreams;
  delete g.__respawnStreamLimits;
});

describe("live streams", () => {
  it("answers 429 beyond the per-user cap, and a closed stream gives its slot back", async () => {
    configureStreamLimits({ perOwner: 2 });
    const a = request();
    const b = request();
    expect(sseResponse(a.req, () => undefined).status).toBe(200);
    expect(sseResponse(b.req, () => undefined).status).toBe(200);
    const refused = sseResponse(request().req, () => undefined);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("10");
    // Another client address has its own allowance.
    expect(sseResponse(request("/api/events", "10.0.0.2").req, () => undefined).status).toBe(200);
    a.abort();
    expect(heldStreamSlots()).toBe(2);
    expect(sseResponse(request().req, () => undefined).status).toBe(200);
  });

  it("shutdown ends every stream with a last `event: shutdown`, runs cleanups, and refuses new ones", async () => {
    let cleaned = 0;
    const fleet = sseResponse(request().req, (sink) => {
      sink.send({ hello: 1 });
      return () => (cleaned += 1);
    });
    const log = sseResponse(request("/api/processes/x/logs/follow").req, () => () => (cleaned += 1));
    expect(countOpenStreams()).toEqual({ fleet: 1, log: 1 });
    expect(closeAllStreams("bye")).toBe(2);
    const text = await readAll(fleet);
    expect(text).toContain('data: {"hello":1}');
    expect(text.trimEnd().endsWith('event: shutdown\ndata: {"reason":"bye"}')).toBe(true);
    expect(await readAll(log)).toContain("event: shutdown");
    expect(cleaned).toBe(2);
    expect(countOpenStreams()).toEqual({ fleet: 0, log: 0 });
    expect(heldStreamSlots()).toBe(0);
    expect(sseResponse(request().req, () => undefined).status).toBe(503);
  });

  it("a stream cancelled by its reader releases its slot once", async () => {
    let cleaned = 0;
    const res = sseResponse(request().req, () => () => (cleaned += 1));
    await res.body?.cancel();
    await res.body?.cancel().catch(() => undefined);
    expect(cleaned).toBe(1);
    expect(heldStreamSlots()).toBe(0);
    expect(countOpenStreams().fleet).toBe(0);
  });
});
