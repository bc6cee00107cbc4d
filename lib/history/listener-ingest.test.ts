import { afterEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "@/lib/store/open-store";
import { bearerToken, createListenerIngest, readListenerBody } from "./listener-ingest";
import { createHistoryRecorder, type HistoryRecorder } from "./recorder";

let store: Store;
let recorder: HistoryRecorder;
afterEach(() => {
  recorder.close();
  store.close();
});

function setUp() {
  store = openStore(":memory:");
  recorder = createHistoryRecorder(store);
  return createListenerIngest({ recorder, tokenFor: (h) => (h === "web-1" ? "s3cret-token" : undefined) });
}

const good = {
  listener: { instance: "abcdefgh", dropped: 0 },
  events: [
    {
      serial: 1,
      state: "RUNNING",
      processName: "api",
      groupName: "api",
      fromState: "STARTING",
      pid: 42,
      expected: null,
      tries: null,
      ageMs: 3,
    },
  ],
};

describe("the listener endpoint's verb", () => {
  it("accepts well-formed events with the host's token", () => {
    const ingest = setUp();
    expect(ingest.ingestListenerEvents("web-1", "s3cret-token", good)).toEqual({ accepted: 1 });
    expect(ingest.stats()).toMatchObject({ batches: 1, events: 1, refusedAuth: 0 });
  });

  it.each([
    ["no token", "web-1", null],
    ["a wrong token", "web-1", "s3cret-tokeN"],
    ["a host without a token", "web-2", "s3cret-token"],
  ])("refuses %s and counts it", (_, host, token) => {
    const ingest = setUp();
    expect(() => ingest.ingestListenerEvents(host, token, good)).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(ingest.stats().refusedAuth).toBe(1);
  });

  it.each([
    ["garbage", "not json at all"],
    ["an unknown state", { ...good, events: [{ ...good.events[0], state: "EXPLODED" }] }],
    ["an extra field", { ...good, extra: 1 }],
    ["too many events", { ...good, events: Array.from({ length: 501 }, () => good.events[0]) }],
  ])("refuses %s as INVALID and counts it", (_, body) => {
    const ingest = setUp();
    expect(() => ingest.ingestListenerEvents("web-1", "s3cret-token", body)).toThrow(
      expect.objectContaining({ code: "INVALID" }),
    );
    expect(ingest.stats().refusedInvalid).toBe(1);
  });

  it("never puts the token in an error", () => {
    const ingest = setUp();
    try {
      ingest.ingestListenerEvents("web-1", "s3cret-tokeN", good);
    } catch (e) {
      expect(JSON.stringify(e) + String(e)).not.toContain("s3cret");
    }
  });
});

describe("request helpers", () => {
  it("reads a bearer token", () => {
    expect(bearerToken("Bearer abc.DEF-123")).toBe("abc.DEF-123");
    expect(bearerToken("Basic abc")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });

  it("refuses an oversize body even when it does not declare its length", async () => {
    const big = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode("[" + "1,".repeat(2_000)));
        c.close();
      },
    });
    const req = new Request("http://x/", { method: "POST", body: big, duplex: "half" } as RequestInit);
    await expect(readListenerBody(req, 1_000)).rejects.toThrow(/over 1000 bytes/);
    await expect(readListenerBody(new Request("http://x/", { method: "POST", body: '{"a":1}' }))).resolves.toEqual({ a: 1 });
  });
});
