import type { HostConfig } from "@/lib/config/schema";
import type { Connector, Manager } from "@/lib/connectors/types";
import { createSupervisordConnector } from "@/lib/connectors/supervisord/connector";
import { createSystemdConnector } from "@/lib/connectors/systemd/connector";
import { RespawnError } from "@/lib/util/errors";

/** Builds the real connector for one manager of a configured host. */
export function createConnector(host: HostConfig, manager: Manager): Connector {
  if (manager === "supervisord" && host.supervisord) return createSupervisordConnector(host.id, host.supervisord);
  if (manager === "systemd" && host.systemd) return createSystemdConnector(host.id, host.systemd);
  throw new RespawnError("INVALID", `host ${host.id} has no ${manager} endpoint`);
}
