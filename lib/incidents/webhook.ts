import { countNotification } from "@/lib/metrics/observers";

export interface WebhookOptions {
  /** Where to POST; a chat tool's incoming-webhook URL (its path is a secret: never logged). */
  url: string;
  /** Base URL of this dashboard, for the link in the message (e.g. https://respawn.example.com). */
  publicUrl?: string | null;
  timeoutMs?: number;
}

export interface IncidentNotice {
  id: number;
  title: string;
  processName: string;
  hostId: string;
}

const DEFAULT_TIMEOUT_MS = 5_000;

/** The message: Slack-compatible `{ text }`, which Mattermost, Rocket.Chat and Teams workflows accept too. */
export function webhookBody(o: WebhookOptions, n: IncidentNotice): { text: string } {
  const path = `/incidents/${n.id}`;
  const link = o.publicUrl ? `${o.publicUrl.replace(/\/+$/, "")}${path}` : path;
  return { text: `Respawn incident #${n.id}: ${n.title}\n${link}` };
}

/**
 * Posts the notice with a deadline. Never throws: a failure is logged with the receiver's
 * origin only, since the rest of a webhook URL is its secret.
 */
export async function notifyIncident(o: WebhookOptions, n: IncidentNotice, fetchFn: typeof fetch = fetch): Promise<boolean> {
  let origin = "the webhook";
  try {
    origin = new URL(o.url).origin;
    const res = await fetchFn(o.url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(webhookBody(o, n)),
      signal: AbortSignal.timeout(o.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      redirect: "error",
    });
    await res.body?.cancel();
    countNotification("slack", res.ok ? "sent" : "failed");
    if (!res.ok) console.error(`respawn: incident webhook to ${origin} answered HTTP ${res.status}`);
    return res.ok;
  } catch (e) {
    const why = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError") ? "timed out" : "failed to connect";
    console.error(`respawn: incident webhook to ${origin} ${why}`);
    countNotification("slack", "failed");
    return false;
  }
}
