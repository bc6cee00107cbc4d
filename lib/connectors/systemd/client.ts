import { Variant, type MessageLike } from "dbus-next";
import { RespawnError } from "@/lib/util/errors";
import type { CallOptions, DbusClient } from "./dbus-client";
import {
  parseWire,
  ServiceProperties,
  UnitFileChanges,
  UnitFileRows,
  type UnitFileRow,
  UnitProperties,
  UsageProperties,
  UnitRows,
  unwrapVariants,
  type UnitRow,
} from "./wire";

const SYSTEMD = "org.freedesktop.systemd1";
const MANAGER_PATH = "/org/freedesktop/systemd1";
const MANAGER = "org.freedesktop.systemd1.Manager";
const PROPS = "org.freedesktop.DBus.Properties";

/** Signals Respawn listens to; the bus only routes what a match rule asks for. */
export const MATCH_RULES = [
  `type='signal',sender='${SYSTEMD}',interface='${MANAGER}'`,
  `type='signal',sender='${SYSTEMD}',interface='${PROPS}',member='PropertiesChanged'`,
  `type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='${SYSTEMD}'`,
];

export type UnitSnapshot = { unit: UnitProperties; service: ServiceProperties | null };
export type JobVerb = "StartUnit" | "StopUnit" | "RestartUnit";

/** Typed calls to systemd's Manager and Unit objects over one D-Bus connection. */
export function createSystemdClient(bus: DbusClient, hostId: string) {
  const managerCall = (member: string, signature: string, body: unknown[], o: CallOptions) =>
    bus.call({ destination: SYSTEMD, path: MANAGER_PATH, interface: MANAGER, member, signature, body } as MessageLike, o);

  async function getAll(path: string, iface: string, o: CallOptions): Promise<Record<string, unknown>> {
    const reply = await bus.call(
      { destination: SYSTEMD, path, interface: PROPS, member: "GetAll", signature: "s", body: [iface] },
      o,
    );
    return unwrapVariants(reply.body[0]);
  }

  return {
    /** Asks the bus to route us the signals of MATCH_RULES (once per connection). */
    async addMatches(o: CallOptions): Promise<void> {
      for (const rule of MATCH_RULES) {
        await bus.call(
          {
            destination: "org.freedesktop.DBus",
            path: "/org/freedesktop/DBus",
            interface: "org.freedesktop.DBus",
            member: "AddMatch",
            signature: "s",
            body: [rule],
          },
          o,
        );
      }
    },

    /** Asks systemd to emit its unit and job signals (again after a re-exec; idempotent). */
    async subscribe(o: CallOptions): Promise<void> {
      await managerCall("Subscribe", "", [], o).catch((e: unknown) => {
        // A reconnect through the same bus name is already subscribed; that is fine.
        if (!(e instanceof RespawnError && e.detail?.endsWith("AlreadySubscribed"))) throw e;
      });
    },

    async listUnits(patterns: string[], o: CallOptions): Promise<UnitRow[]> {
      const reply = await managerCall("ListUnitsByPatterns", "asas", [[], patterns], o);
      return parseWire(UnitRows, reply.body[0], "unit list", hostId);
    },

    /** Installed unit files whose names match the globs (loaded or not): [path, state] rows. */
    async listUnitFiles(patterns: string[], o: CallOptions): Promise<UnitFileRow[]> {
      const reply = await managerCall("ListUnitFilesByPatterns", "asas", [[], patterns], o);
      return parseWire(UnitFileRows, reply.body[0], "unit file list", hostId);
    },

    /** A unit file's enablement (enabled, disabled, static, masked…), read without loading it. */
    async getUnitFileState(name: string, o: CallOptions): Promise<string> {
      const reply = await managerCall("GetUnitFileState", "s", [name], o);
      return String(reply.body[0]);
    },

    /** `systemctl enable` without the reload: the symlinks of [Install]; false when it has none. */
    async enableUnitFile(name: string, o: CallOptions): Promise<{ carriesInstallInfo: boolean; changes: UnitFileChanges }> {
      const reply = await managerCall("EnableUnitFiles", "asbb", [[name], false, false], o);
      return {
        carriesInstallInfo: reply.body[0] === true,
        changes: parseWire(UnitFileChanges, reply.body[1], "enable changes", hostId),
      };
    },

    /** `systemctl disable` without the reload. */
    async disableUnitFile(name: string, o: CallOptions): Promise<UnitFileChanges> {
      const reply = await managerCall("DisableUnitFiles", "asb", [[name], false], o);
      return parseWire(UnitFileChanges, reply.body[0], "disable changes", hostId);
    },

    /** daemon-reload. */
    async reload(o: CallOptions): Promise<void> {
      await managerCall("Reload", "", [], o);
    },

    /** Reads one unit's properties (and its service properties for .service units). */
    async readUnit(path: string, name: string, o: CallOptions): Promise<UnitSnapshot> {
      const isService = name.endsWith(".service");
      const [unitRaw, serviceRaw] = await Promise.all([
        getAll(path, `${SYSTEMD}.Unit`, o),
        isService ? getAll(path, `${SYSTEMD}.Service`, o) : Promise.resolve(null),
      ]);
      const unit = parseWire(UnitProperties, unitRaw, `property map of ${name}`, hostId);
      // A unit that is not loaded answers GetAll(Service) with an empty map.
      const service =
        serviceRaw && Object.keys(serviceRaw).length > 0
          ? parseWire(ServiceProperties, serviceRaw, `service properties of ${name}`, hostId)
          : null;
      return { unit, service };
    },

    /** Reads the cgroup accounting properties of a service. */
    async readUsage(path: string, name: string, o: CallOptions): Promise<UsageProperties> {
      const raw = await getAll(path, `${SYSTEMD}.Service`, o);
      return parseWire(UsageProperties, raw, `usage properties of ${name}`, hostId);
    },

    /** Queues a job with mode "replace"; returns the job's object path. */
    async queueJob(verb: JobVerb, name: string, o: CallOptions): Promise<string> {
      const reply = await managerCall(verb, "ss", [name, "replace"], o);
      return String(reply.body[0]);
    },

    async resetFailed(name: string, o: CallOptions): Promise<void> {
      await managerCall("ResetFailedUnit", "s", [name], o);
    },

    async getManagerProperty(property: string, o: CallOptions): Promise<string> {
      const reply = await bus.call(
        { destination: SYSTEMD, path: MANAGER_PATH, interface: PROPS, member: "Get", signature: "ss", body: [MANAGER, property] },
        o,
      );
      const v = reply.body[0] as unknown;
      return String(v instanceof Variant ? v.value : v);
    },
  };
}

export type SystemdClient = ReturnType<typeof createSystemdClient>;
