import { describe, expect, it } from "vitest";
import type { AuditInput } from "./append";
import { createRefusalLog } from "./refusals";

const refused = (address: string, detail = "foreign origin http://evil.example", target = "POST /api/actions"): AuditInput => ({
  actor: "anonymous",
  action: "request.refused",
  target,
  result: "denied",
  detail,
  address,
});

function log() {
  const rows: { input: AuditInput; at: number }[] = [];
  let t = 1_000_000;
  const l = createRefusalLog({ append: (input, at) => rows.push({ input, at }), windowMs: 60_000, maxKinds: 3, now: () => t });
  return { l, rows, advance: (ms: number) => (t += ms) };
}

describe("refused requests in the audit log", () => {
  it("writes a flood of 5,000 forged requests as the first one and one summary, not 5,000 rows", () => {
    const { l, rows, advance } = log();
    for (let i = 0; i < 5_000; i++) l.record(refused("203.0.113.5", undefined, `POST /api/route-${i % 40}`));
    expect(rows).toHaveLength(1);
    advance(30_000);
    l.flush();
    expect(rows).toHaveLength(2);
    expect(rows[1]?.input.detail).toBe("4999 more refused request(s) from 203.0.113.5 in 30 s (aggregated; first: foreign origin http://evil.example)");
    expect(rows[1]?.input).toMatchObject({ action: "request.refused", result: "denied", address: "203.0.113.5" });
  });

  it("keeps each address and each reason apart, so a different refusal is written at once", () => {
    const { l, rows } = log();
    l.record(refused("203.0.113.5"));
    l.record(refused("198.51.100.7"));
    l.record(refused("203.0.113.5", "opaque origin (Origin: null)"));
    expect(rows.map((r) => [r.input.address, r.input.detail])).toEqual([
      ["203.0.113.5", "foreign origin http://evil.example"],
      ["198.51.100.7", "foreign origin http://evil.example"],
      ["203.0.113.5", "opaque origin (Origin: null)"],
    ]);
    l.flush();
    expect(rows).toHaveLength(3);
  });

  it("bounds what it remembers: past maxKinds, new addresses share one kind with no address", () => {
    const { l, rows } = log();
    for (let i = 0; i < 100; i++) l.record(refused(`10.0.0.${i}`));
    expect(rows).toHaveLength(4);
    expect(rows[3]?.input.address).toBe("10.0.0.3");
    l.flush();
    expect(rows.at(-1)?.input.detail).toMatch(/^96 more refused request\(s\) in 0 s/);
    expect(rows.at(-1)?.input.address).toBeNull();
  });

  it("starts a new window after the old one closed", async () => {
    const rows: AuditInput[] = [];
    const l = createRefusalLog({ append: (input) => rows.push(input), windowMs: 20 });
    l.record(refused("203.0.113.5"));
    l.record(refused("203.0.113.5"));
    await new Promise((r) => setTimeout(r, 60));
    expect(rows).toHaveLength(2);
    l.record(refused("203.0.113.5"));
    expect(rows).toHaveLength(3);
    expect(rows[2]?.detail).toBe("foreign origin http://evil.example");
  });
});
