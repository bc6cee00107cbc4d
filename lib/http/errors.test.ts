import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseBody, readBodyText } from "./errors";

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://127.0.0.1/api/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("request bodies", () => {
  it("parse with the schema and name the field that failed", async () => {
    await expect(parseBody(post('{"a":1}'), z.object({ a: z.number() }))).resolves.toEqual({ a: 1 });
    await expect(parseBody(post('{"a":"x"}'), z.object({ a: z.number() }))).rejects.toThrow(/a/);
    await expect(parseBody(post("not json"), z.object({}))).rejects.toThrow("the request body must be JSON");
  });

  it("over the limit are refused, by their declared length or as they stream, saying nothing was done", async () => {
    await expect(readBodyText(post("x".repeat(2048), { "content-length": "2048" }), 1024)).rejects.toThrow(/nothing was done/);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 8; i++) c.enqueue(new Uint8Array(512));
        c.close();
      },
    });
    await expect(readBodyText(post(stream), 1024)).rejects.toThrow(/larger than/);
    await expect(readBodyText(post("x".repeat(1000)), 1024)).resolves.toHaveLength(1000);
  });
});
