import { describe, expect, it } from "vitest";
import { createFakeConnector } from "./fake-connector";

const signal = () => new AbortController().signal;

describe("fake connector restart policy", () => {
  it("reads defaults, applies a typed change, reads it back, and refuses what the manager would not take", async () => {
    const c = createFakeConnector({ hostId: "h", manager: "systemd", processes: [{ name: "a.service" }] });
    const before = await c.readPolicy("a.service", signal());
    expect(before.settings.find((s) => s.key === "StartLimitBurst")).toEqual({ key: "StartLimitBurst", value: 5, source: null });
    const plan = await c.planPolicy("a.service", { StartLimitBurst: 3 }, signal());
    expect(plan.after).toBe("StartLimitBurst=3\n");
    const applied = await c.applyPolicy("a.service", { StartLimitBurst: 3 }, {}, signal());
    expect(applied.ok).toBe(true);
    expect((await c.readPolicy("a.service", signal())).settings.find((s) => s.key === "StartLimitBurst")?.value).toBe(3);
    await expect(c.applyPolicy("a.service", { Restart: "always\nUser=root" }, {}, signal())).rejects.toMatchObject({ code: "INVALID" });
    await expect(c.readPolicy("nope", signal())).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
