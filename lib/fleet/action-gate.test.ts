import { describe, expect, it } from "vitest";
import { ActionGate, gateControl } from "./action-gate";

describe("ActionGate", () => {
  it("lets actions in flight finish, refuses new ones once closed, and drains", async () => {
    const gate = new ActionGate();
    let finish!: (v: string) => void;
    const running = gate.run(() => new Promise<string>((r) => (finish = r)));
    expect(gate.running).toBe(1);
    gate.close();
    await expect(gate.run(async () => "late")).rejects.toMatchObject({ code: "UNAVAILABLE" });
    const drained = gate.drain(5_000);
    finish("done");
    expect(await running).toBe("done");
    expect(await drained).toBe(true);
    expect(gate.running).toBe(0);
  });

  it("drain gives up after its bound when an action hangs", async () => {
    const gate = new ActionGate();
    void gate.run(() => new Promise(() => undefined));
    expect(await gate.drain(20)).toBe(false);
  });

  it("gates a monitor's control, including calls it makes to itself", async () => {
    const gate = new ActionGate();
    const monitor = {
      calls: 0,
      async control(id: string): Promise<string> {
        this.calls += 1;
        return id;
      },
      async controlMany(ids: string[]): Promise<string[]> {
        return Promise.all(ids.map((id) => this.control(id)));
      },
    };
    gateControl(monitor, gate);
    expect(await monitor.controlMany(["a", "b"])).toEqual(["a", "b"]);
    gate.close();
    await expect(monitor.controlMany(["c"])).rejects.toMatchObject({ code: "UNAVAILABLE" });
    expect(monitor.calls).toBe(2);
  });
});
