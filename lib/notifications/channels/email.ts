import { createTransport } from "nodemailer";
import type { ChannelConfig } from "../config";
import { DeliveryError, type Channel } from "../types";
import { eventText } from "./webhooks";

type EmailConfig = Extract<ChannelConfig, { kind: "email" }>;

/** E-mail over SMTP (nodemailer): STARTTLS when offered, or TLS from the start with `secure`. */
export function emailChannel(c: EmailConfig, env: NodeJS.ProcessEnv): Channel {
  return {
    id: c.id,
    kind: c.kind,
    async send(e, signal) {
      const password = c.smtp.passwordEnv ? env[c.smtp.passwordEnv] : undefined;
      if (c.smtp.passwordEnv && !password) throw new DeliveryError(`environment variable ${c.smtp.passwordEnv} is not set`, false);
      const transport = createTransport({
        host: c.smtp.host,
        port: c.smtp.port,
        secure: c.smtp.secure,
        requireTLS: c.smtp.requireTls,
        auth: c.smtp.username ? { user: c.smtp.username, pass: password ?? "" } : undefined,
        connectionTimeout: c.timeoutMs,
        greetingTimeout: c.timeoutMs,
        socketTimeout: c.timeoutMs,
      });
      const abort = () => transport.close();
      signal.addEventListener("abort", abort, { once: true });
      try {
        await transport.sendMail({ from: c.from, to: c.to, subject: `${e.test ? "[test] " : ""}Respawn: ${e.title}`, text: eventText(e) });
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        // 5xx replies are permanent (bad address, refused); connection trouble and 4xx may pass.
        throw new DeliveryError(`SMTP ${c.smtp.host}:${c.smtp.port}: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`, !(code && code >= 500));
      } finally {
        signal.removeEventListener("abort", abort);
        transport.close();
      }
    },
  };
}
