import { createSupervisordConnector } from "@/lib/connectors/supervisord/connector";
import { describeConnectorContract, type ContractSubject } from "@/test/contract/connector-contract";
import { programCommand, startSupervisord, type StartSupervisordOptions } from "@/test/harness/supervisord";

const programs: StartSupervisordOptions["programs"] = [
  { name: "healthy", command: programCommand("sleeper.sh") },
  { name: "crasher", command: programCommand("crash-loop.sh", 3), startretries: 1, startsecs: 1 },
  { name: "logger", command: programCommand("logger.sh", 0.2) },
];

async function subject(overHttp: boolean): Promise<ContractSubject> {
  const password = "s3cret-contract";
  const sv = await startSupervisord({ programs, inet: overHttp ? { username: "respawn", password } : undefined });
  const endpoint = overHttp
    ? { url: sv.url, username: "respawn", password, timeoutMs: 5_000 }
    : { socket: sv.socketPath, timeoutMs: 5_000 };
  const connector = createSupervisordConnector("contract", endpoint);
  return {
    connector,
    healthy: "healthy",
    gaveUp: "crasher",
    logger: "logger",
    loggerStream: "stdout",
    loggerMarker: "tick",
    teardown: async () => {
      await connector.close();
      await sv.stop();
    },
  };
}

describeConnectorContract("supervisord over a unix socket", () => subject(false));
describeConnectorContract("supervisord over http with a password", () => subject(true));
