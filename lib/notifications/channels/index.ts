import type { ChannelConfig } from "../config";
import type { Channel } from "../types";
import { emailChannel } from "./email";
import { ntfyChannel, slackChannel, webhookChannel } from "./webhooks";

/** The channel a configuration entry describes; secrets are read from `env` at each send. */
export function createChannel(c: ChannelConfig, env: NodeJS.ProcessEnv = process.env): Channel {
  switch (c.kind) {
    case "webhook":
      return webhookChannel(c, env);
    case "slack":
      return slackChannel(c, env);
    case "ntfy":
      return ntfyChannel(c, env);
    case "email":
      return emailChannel(c, env);
  }
}
