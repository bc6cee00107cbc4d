import { describe, expect, it } from "vitest";
import { decodeProcessId, encodeProcessId } from "./ids";

describe("process ids", () => {
  it("round-trips host, manager and a name with group separator and unicode", () => {
    const ref = { hostId: "web-1", manager: "supervisord" as const, name: "workers:worker_01 ✓" };
    const id = encodeProcessId(ref);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeProcessId(id)).toEqual(ref);
  });

  it("refuses ids that are not ours", () => {
    expect(() => decodeProcessId("../../etc/passwd")).toThrow(/no such process/);
    expect(() => decodeProcessId(Buffer.from("web\u0000x\u0000a").toString("base64url"))).toThrow();
    expect(() => decodeProcessId(Buffer.from("WEB\u0000s\u0000a").toString("base64url"))).toThrow();
  });
});
