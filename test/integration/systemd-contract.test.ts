import { SystemdEndpoint } from "@/lib/config/schema";
import { createSystemdConnector } from "@/lib/connectors/systemd/connector";
import { describeConnectorContract, type ContractSubject } from "@/test/contract/connector-contract";
import { startSshd } from "@/test/harness/sshd";
import { installTestUnits, USER_BUS_ADDRESS } from "@/test/harness/systemd";

async function subject(overSsh: boolean): Promise<ContractSubject> {
  const units = await installTestUnits(["healthy", "crashloop", "noisy"]);
  const sshd = overSsh ? await startSshd() : null;
  const endpoint = SystemdEndpoint.parse({
    bus: sshd ? "ssh" : "user",
    busAddress: USER_BUS_ADDRESS,
    units: [`${units.prefix}*`],
    ...(sshd && {
      ssh: { host: "127.0.0.1", port: sshd.port, user: sshd.user, keyFile: sshd.keyFile, knownHostsFile: sshd.knownHostsFile },
    }),
  });
  const connector = createSystemdConnector("contract", endpoint);
  return {
    connector,
    healthy: units.names.healthy,
    gaveUp: units.names.crashloop,
    logger: units.names.noisy,
    loggerStream: "journal",
    loggerMarker: "noisy line",
    teardown: async () => {
      await connector.close();
      await sshd?.stop();
      await units.teardown();
    },
  };
}

describeConnectorContract("systemd on the user bus", () => subject(false));
describeConnectorContract("systemd over ssh (systemd-stdio-bridge)", () => subject(true));
