import { describe, expect, it } from "vitest";
import { isRespawnError, RespawnError, toRespawnError } from "./errors";

describe("RespawnError across bundles", () => {
  // What a route sees when the monitor (bundled with instrumentation) throws: another copy of the class.
  const foreign = Object.assign(new Error("host web: circuit open"), {
    [Symbol.for("respawn.RespawnError")]: true,
    code: "UNAVAILABLE",
    name: "RespawnError",
  });

  it("is recognised by its brand, so its code survives (503, not a generic FAULT)", () => {
    expect(isRespawnError(foreign)).toBe(true);
    expect(foreign instanceof RespawnError).toBe(true);
    expect(toRespawnError(foreign, "FAULT")).toBe(foreign);
  });

  it("a plain error is not one", () => {
    expect(new Error("x") instanceof RespawnError).toBe(false);
    expect(toRespawnError(new Error("x"), "FAULT").code).toBe("FAULT");
  });
});
