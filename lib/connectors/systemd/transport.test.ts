import { describe, expect, it } from "vitest";
import { parseUnixAddress, userBusAddress } from "./transport";

describe("bus addresses", () => {
  it("finds the user bus from XDG_RUNTIME_DIR, or /run/user/<uid> when it is unset", () => {
    expect(userBusAddress({ XDG_RUNTIME_DIR: "/run/user/1000" } as unknown as NodeJS.ProcessEnv, 1000)).toBe("unix:path=/run/user/1000/bus");
    expect(userBusAddress({} as unknown as NodeJS.ProcessEnv, 1001)).toBe("unix:path=/run/user/1001/bus");
  });

  it("reads the socket path out of a D-Bus address, including escaped characters", () => {
    expect(parseUnixAddress("unix:path=/run/dbus/system_bus_socket")).toBe("/run/dbus/system_bus_socket");
    expect(parseUnixAddress("unix:path=/tmp/a%20b,guid=123;unix:path=/other")).toBe("/tmp/a b");
  });
});
