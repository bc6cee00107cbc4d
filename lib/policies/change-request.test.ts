import { describe, expect, it } from "vitest";
import { parsePolicyChange } from "@/lib/connectors/policy";
import { RespawnError } from "@/lib/util/errors";
import { ApplyPolicyBody, assertNotEmpty, PlanPolicyBody } from "./change-request";

/** A request body as the route receives it: parsed from JSON text, so `__proto__` is an own key. */
const body = (text: string) => JSON.parse(text) as unknown;

describe("policy change requests", () => {
  it('refuses {"__proto__": …}: it used to parse as an empty change that still wrote a drop-in folder and reloaded', () => {
    for (const schema of [ApplyPolicyBody, PlanPolicyBody]) {
      const r = schema.safeParse(body('{"change":{"__proto__":{"Restart":"always"}}}'));
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toBe('"__proto__" is not a policy field');
    }
    expect(ApplyPolicyBody.safeParse(body('{"change":{"constructor":{"prototype":{}}}}')).success).toBe(false);
  });

  it("refuses an empty change before any host is touched", () => {
    const r = ApplyPolicyBody.safeParse(body('{"change":{}}'));
    expect(r.error?.issues[0]?.message).toBe("the change is empty: nothing to apply");
    expect(() => assertNotEmpty(parsePolicyChange("systemd", {}))).toThrow(RespawnError);
    expect(() => assertNotEmpty({})).toThrow(/empty: nothing was written or reloaded/);
  });

  it("refuses a change that is not an object, and passes a real one on unchanged", () => {
    expect(PlanPolicyBody.safeParse({ change: ["Restart"] }).success).toBe(false);
    expect(PlanPolicyBody.safeParse({ change: null }).success).toBe(false);
    const ok = ApplyPolicyBody.parse(body('{"change":{"Restart":"always","StartLimitBurst":5},"resetAndStart":true}'));
    expect(ok).toEqual({ change: { Restart: "always", StartLimitBurst: 5 }, resetAndStart: true });
    expect(Object.getPrototypeOf(ok.change)).toBe(Object.prototype);
  });
});
