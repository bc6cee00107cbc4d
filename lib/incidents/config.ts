import type { RespawnConfig } from "@/lib/config/schema";
import type { IncidentCaptureOptions } from "./capture";

/** Capture options from the configuration; a webhook whose environment variable is unset is off (and said so). */
export function incidentCaptureOptions(
  config: RespawnConfig,
  env: Record<string, string | undefined> = process.env,
): Pick<IncidentCaptureOptions, "linesPerStream" | "onFlapping" | "webhook"> {
  const c = config.incidents;
  const w = c.webhook;
  const url = w?.url ?? (w?.urlEnv ? env[w.urlEnv] : undefined);
  if (w?.urlEnv && !url) console.error(`respawn: incidents.webhook.urlEnv names ${w.urlEnv}, which is not set: no webhook`);
  return {
    linesPerStream: c.linesPerStream,
    onFlapping: c.onFlapping,
    webhook: w && url ? { url, publicUrl: c.publicUrl ?? null, timeoutMs: w.timeoutMs } : null,
  };
}
